// Helpers shared by the Store tests (store_test.cc, versions_store_test.cc): Catch printers
// for the values the tests compare whole, temporary store directories, parsing and importing
// JSONL lines, building timeline rows and filters, and reading or overwriting the raw keys of
// a closed store with RocksDB directly.
// Everything here is defined once for the whole test executable (inline functions and
// classes, explicit specializations in one header): do not copy these into a test file.
#ifndef CHRONICLE_TESTS_STORAGE_STORE_TEST_UTIL_H_
#define CHRONICLE_TESTS_STORAGE_STORE_TEST_UTIL_H_

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/import.h"
#include "core/model.h"
#include "core/record_json.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
#include "storage/store.h"
#include "storage/store_impl.h"

// Readable failure messages for the values the tests compare whole.
namespace Catch {
template <>
struct StringMaker<chronicle::TimelineRow> {
  static std::string convert(const chronicle::TimelineRow& row) {
    std::ostringstream out;
    out << "{" << row.event_id << " '" << row.title << "' kind=" << row.kind << " when=" << row.when
        << " days=" << row.earliest_day << ".." << row.latest_day
        << " status=" << chronicle::EventStatusName(row.status) << " role=" << row.role
        << " place=" << row.place << " sources=[";
    for (const std::string& source : row.sources) out << source << ";";
    out << "] tz=" << row.tz
        << " part=" << (row.part_of_day ? static_cast<int>(*row.part_of_day) : -1)
        << " recorded_at=" << row.recorded_at << (row.versioned ? " versioned" : "") << "}";
    return out.str();
  }
};
template <>
struct StringMaker<chronicle::Record> {
  static std::string convert(const chronicle::Record& record) {
    return chronicle::CanonicalRecordText(record);
  }
};
template <>
struct StringMaker<chronicle::RecordVersion> {
  static std::string convert(const chronicle::RecordVersion& version) {
    return "{recorded_at=" + std::to_string(version.recorded_at) + " source=" + version.source +
           " tx=" + std::to_string(version.tx) + " " +
           chronicle::CanonicalRecordText(version.record) + "}";
  }
};
template <>
struct StringMaker<chronicle::Entity> {
  static std::string convert(const chronicle::Entity& entity) {
    return chronicle::CanonicalRecordText(chronicle::Record(entity));
  }
};
}  // namespace Catch

namespace chronicle::storage::test {

// A fresh directory path under the system temp directory, named
// "<prefix>-<pid>-<counter>" and removed (with everything in it) when the test ends. The
// directory itself is not created.
class TempDir {
 public:
  explicit TempDir(std::string_view prefix) {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        (std::string(prefix) + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  ~TempDir() {
    std::error_code error;
    std::filesystem::remove_all(path_, error);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  // A path inside the directory.
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// The value of an ok result; fails the test otherwise.
template <typename T>
T Value(Result<T> result) {
  if (!result.ok()) FAIL(result.status().ToString());
  return std::move(result).value();
}

inline Record Parse(const std::string& line) {
  Result<Record> record = ParseRecordLine(line);
  INFO(line);
  if (!record.ok()) FAIL(record.status().ToString());
  return std::move(record).value();
}

// The lines as the records of one file, "test.jsonl", numbered from 1.
inline std::vector<InputRecord> Inputs(const std::vector<std::string>& lines) {
  std::vector<InputRecord> inputs;
  for (size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    inputs.push_back(
        InputRecord{Parse(lines[line_idx]), "test.jsonl", static_cast<int64_t>(line_idx + 1)});
  }
  return inputs;
}

inline std::unique_ptr<Store> OpenStore(const std::string& dir, OpenMode mode) {
  Result<std::unique_ptr<Store>> store = Store::Open(dir, mode);
  if (!store.ok()) FAIL("cannot open " << dir << ": " << store.status().ToString());
  return std::move(store).value();
}

inline int32_t Day(int32_t year, unsigned month, unsigned day) {
  return DayNumber(year, month, day);
}

// The record time of versions without a source in these tests' imports (entities, unsourced
// events): 2025-03-01T00:00:00Z, fixed so that rows compare whole.
inline constexpr int64_t kImportTime = 1'740'787'200;
// 2025-02-04T00:00:00Z: the record time of what cites a source published that day (midnight
// UTC of the day a source was published).
inline constexpr int64_t kFebruary4 = 1'738'627'200;

inline ImportOptions At(int64_t recorded_at) {
  ImportOptions options;
  options.recorded_at = recorded_at;
  return options;
}

// Imports `lines` (unsourced versions recorded at `import_time`) and requires that the import
// succeeded without input errors.
inline ImportResult ImportOk(Store& store, const std::vector<std::string>& lines,
                             int64_t import_time = kImportTime) {
  Result<ImportResult> result = store.Import(Inputs(lines), At(import_time));
  if (!result.ok()) FAIL("import failed: " << result.status().ToString());
  std::string errors;
  for (const Status& error : result->errors) errors += error.ToString() + "\n";
  INFO(errors);
  REQUIRE(result->errors.empty());
  return std::move(result).value();
}

// A row of an event with one version, recorded at `recorded_at`.
inline TimelineRow Row(std::string event_id, std::string title, std::string kind, std::string when,
                       int32_t earliest_day, int32_t latest_day, EventStatus status,
                       std::string role, std::string place, std::vector<std::string> sources,
                       int64_t recorded_at, std::string tz = "") {
  TimelineRow row;
  row.event_id = std::move(event_id);
  row.title = std::move(title);
  row.kind = std::move(kind);
  row.when = std::move(when);
  row.earliest_day = earliest_day;
  row.latest_day = latest_day;
  row.status = status;
  row.role = std::move(role);
  row.place = std::move(place);
  row.sources = std::move(sources);
  row.recorded_at = recorded_at;
  row.tz = std::move(tz);
  return row;
}

inline std::vector<std::string> EventIds(const std::vector<TimelineRow>& rows) {
  std::vector<std::string> ids;
  for (const TimelineRow& row : rows) ids.push_back(row.event_id);
  return ids;
}

// A filter on the days from..to (--from/--to syntax; "" leaves that end open), answered as of
// `as_of` (nullopt = the current versions).
inline TimelineFilter Between(std::string_view from, std::string_view to,
                              std::optional<int64_t> as_of = std::nullopt) {
  TimelineFilter filter;
  if (!from.empty()) filter.from_day = Value(ParseFromBound(from));
  if (!to.empty()) filter.to_day = Value(ParseToBound(to));
  filter.as_of = as_of;
  return filter;
}

// ---- Raw access to a closed store ---------------------------------------------------------------

// A closed store's database opened with RocksDB directly, with every column family of
// kCfNames (default options: enough to read, put and delete keys), read-only unless
// `writable`. Close() checks that it closes cleanly; the destructor closes it (on a failed
// check) without checking.
class RawStore {
 public:
  RawStore(const std::string& dir, bool writable) {
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
    for (const char* name : kCfNames) {
      descriptors.emplace_back(name, rocksdb::ColumnFamilyOptions());
    }
    rocksdb::DB* raw_db = nullptr;
    rocksdb::Status status =
        writable ? rocksdb::DB::Open(rocksdb::DBOptions(), dir, descriptors, &handles_, &raw_db)
                 : rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), dir, descriptors, &handles_,
                                                &raw_db);
    if (!status.ok()) FAIL("cannot open " << dir << ": " << status.ToString());
    db_.reset(raw_db);
  }
  ~RawStore() {
    if (db_ == nullptr) return;
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }
  // REQUIRES: no iterator of the database is alive.
  void Close() {
    while (!handles_.empty()) {
      rocksdb::ColumnFamilyHandle* handle = handles_.back();
      handles_.pop_back();
      REQUIRE(db_->DestroyColumnFamilyHandle(handle).ok());
    }
    rocksdb::Status status = db_->Close();
    INFO(status.ToString());
    REQUIRE(status.ok());
    db_.reset();
  }
  RawStore(const RawStore&) = delete;
  RawStore& operator=(const RawStore&) = delete;

  rocksdb::DB& db() { return *db_; }
  // The handle of the column family named `family` ("default" is the meta family).
  rocksdb::ColumnFamilyHandle* Family(std::string_view family) {
    const size_t index = static_cast<size_t>(
        std::find(std::begin(kCfNames), std::end(kCfNames), family) - std::begin(kCfNames));
    REQUIRE(index < handles_.size());
    return handles_[index];
  }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
};

// The keys of one column family of a closed store, read with RocksDB directly.
inline std::vector<std::string> RawKeys(const std::string& dir, const std::string& family) {
  RawStore raw(dir, /*writable=*/false);
  std::vector<std::string> keys;
  rocksdb::ReadOptions options;
  options.total_order_seek = true;
  {
    std::unique_ptr<rocksdb::Iterator> it(raw.db().NewIterator(options, raw.Family(family)));
    for (it->SeekToFirst(); it->Valid(); it->Next()) keys.push_back(it->key().ToString());
    REQUIRE(it->status().ok());
  }
  raw.Close();
  return keys;
}

// The value of `key` in one column family of a closed store (which must hold it).
inline std::string RawGet(const std::string& dir, std::string_view family, std::string_view key) {
  std::string value;
  RawStore raw(dir, /*writable=*/false);
  rocksdb::Status status = raw.db().Get(rocksdb::ReadOptions(), raw.Family(family), key, &value);
  INFO(status.ToString());
  REQUIRE(status.ok());
  raw.Close();
  return value;
}

// Stores `value` under `key` in one column family of a closed store (to damage it).
inline void RawPut(const std::string& dir, std::string_view family, std::string_view key,
                   std::string_view value) {
  RawStore raw(dir, /*writable=*/true);
  rocksdb::Status status = raw.db().Put(rocksdb::WriteOptions(), raw.Family(family), key, value);
  INFO(status.ToString());
  REQUIRE(status.ok());
  raw.Close();
}

// Deletes `key` from one column family of a closed store (to damage it).
inline void RawDelete(const std::string& dir, std::string_view family, std::string_view key) {
  RawStore raw(dir, /*writable=*/true);
  rocksdb::Status status = raw.db().Delete(rocksdb::WriteOptions(), raw.Family(family), key);
  INFO(status.ToString());
  REQUIRE(status.ok());
  raw.Close();
}

}  // namespace chronicle::storage::test

#endif  // CHRONICLE_TESTS_STORAGE_STORE_TEST_UTIL_H_
