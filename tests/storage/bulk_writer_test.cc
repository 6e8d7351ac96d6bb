#include "storage/bulk_writer.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>

#include <catch2/catch.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store_test_util.h"

namespace chronicle::storage {
namespace {

using test::TempDir;

// A RocksDB database with two column families besides the default, opened read-write.
class TwoFamilies {
 public:
  explicit TwoFamilies(const std::string& dir) {
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
        {"plain", rocksdb::ColumnFamilyOptions()},
        {"grouped", rocksdb::ColumnFamilyOptions()}};
    for (const rocksdb::ColumnFamilyDescriptor& descriptor : descriptors) {
      family_options_.emplace_back(options, descriptor.options);
    }
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open(options, dir, descriptors, &handles_, &raw).ok());
    db_.reset(raw);
  }
  ~TwoFamilies() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }
  rocksdb::DB* db() { return db_.get(); }
  BulkWriter::Family Family(size_t index) { return {handles_[index], &family_options_[index]}; }
  std::map<std::string, std::string> Contents(size_t index) {
    std::map<std::string, std::string> contents;
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handles_[index]));
    for (it->SeekToFirst(); it->Valid(); it->Next())
      contents[it->key().ToString()] = it->value().ToString();
    REQUIRE(it->status().ok());
    return contents;
  }

 private:
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::vector<rocksdb::Options> family_options_;
  std::unique_ptr<rocksdb::DB> db_;
};

// Marks every value it passes on, and records which groups (first two key bytes) each slice saw
// and whether keys came in order.
class MarkingTransform final : public BulkWriter::Transform {
 public:
  struct Seen {
    std::mutex mutex;
    std::vector<std::set<std::string>> groups_per_slice;
    bool in_order = true;
    size_t deletes = 0;
  };
  MarkingTransform(Emit emit, Seen* seen) : emit_(std::move(emit)), seen_(seen) {}
  Status Add(std::string_view key, std::string_view value, bool is_delete) override {
    if (!last_.empty() && key <= last_) in_order_ = false;
    last_.assign(key);
    groups_.insert(std::string(key.substr(0, 2)));
    deletes_ += is_delete ? 1 : 0;
    return emit_(key, std::string(value).append("!"), is_delete);
  }
  Status Finish() override {
    std::lock_guard<std::mutex> lock(seen_->mutex);
    seen_->groups_per_slice.push_back(groups_);
    seen_->in_order = seen_->in_order && in_order_;
    seen_->deletes += deletes_;
    return Status::Ok();
  }

 private:
  Emit emit_;
  Seen* seen_;
  std::string last_;
  std::set<std::string> groups_;
  bool in_order_ = true;
  size_t deletes_ = 0;
};

std::string Key(int group, int entry) {
  char key[16];
  std::snprintf(key, sizeof key, "%02d%06d", group, entry);
  return key;
}

TEST_CASE("a family's transform sees whole groups in key order, and what it emits is written",
          "[storage][bulk_writer]") {
  TempDir temp("chronicle-bulk-writer-test");
  TwoFamilies families(temp.path());
  MarkingTransform::Seen seen;
  BulkWriter::Family grouped = families.Family(2);
  grouped.transform = [&seen](BulkWriter::Transform::Emit emit) {
    return std::make_unique<MarkingTransform>(std::move(emit), &seen);
  };
  grouped.group_prefix = 2;
  {
    // A small budget (runs spill to disk) and small slices (a family is merged in many).
    BulkWriter writer(families.db(), {families.Family(0), families.Family(1), grouped},
                      temp.Sub("scratch"), /*memory_budget_bytes=*/16 << 10,
                      /*slice_input_bytes=*/2 << 10);
    for (int round = 0; round < 2; ++round) {  // the second round's Puts win
      for (int group = 0; group < 30; ++group) {
        // Groups of very different sizes: a slice boundary would fall inside the big ones.
        const int entries = group % 10 == 0 ? 400 : 3;
        for (int entry = 0; entry < entries; ++entry) {
          const std::string value =
              round == 0 ? std::string("old") : std::string("v").append(std::to_string(entry));
          REQUIRE(writer.Put(1, Key(group, entry), value).ok());
          REQUIRE(writer.Put(2, Key(group, entry), value).ok());
        }
      }
    }
    REQUIRE(writer.Delete(2, Key(5, 1)).ok());
    REQUIRE(writer.Commit().ok());
  }
  REQUIRE(seen.groups_per_slice.size() > 1);
  std::map<std::string, int> slices_of_group;
  for (const std::set<std::string>& groups : seen.groups_per_slice) {
    for (const std::string& group : groups) ++slices_of_group[group];
  }
  CHECK(slices_of_group.size() == 30);
  for (const auto& [group, slices] : slices_of_group) {
    INFO("group " << group);
    CHECK(slices == 1);
  }
  CHECK(seen.in_order);
  CHECK(seen.deletes == 1);
  const std::map<std::string, std::string> plain = families.Contents(1);
  const std::map<std::string, std::string> marked = families.Contents(2);
  CHECK(plain.size() == 3 * 400 + 27 * 3);
  CHECK(plain.at(Key(10, 399)) == "v399");
  CHECK(marked.size() == plain.size() - 1);  // one deleted
  CHECK(marked.count(Key(5, 1)) == 0);
  CHECK(marked.at(Key(10, 399)) == "v399!");
  CHECK(marked.at(Key(29, 2)) == "v2!");
}

TEST_CASE("a transform that fails fails the commit, and nothing is written",
          "[storage][bulk_writer]") {
  TempDir temp("chronicle-bulk-writer-test");
  TwoFamilies families(temp.path());
  class Failing final : public BulkWriter::Transform {
   public:
    Status Add(std::string_view, std::string_view, bool) override { return Status::Ok(); }
    Status Finish() override { return Status::Corruption("transform failed"); }
  };
  BulkWriter::Family grouped = families.Family(2);
  grouped.transform = [](BulkWriter::Transform::Emit) { return std::make_unique<Failing>(); };
  {
    BulkWriter writer(families.db(), {families.Family(0), families.Family(1), grouped},
                      temp.Sub("scratch"));
    REQUIRE(writer.Put(1, "a", "1").ok());
    REQUIRE(writer.Put(2, "b", "2").ok());
    const Status status = writer.Commit();
    CHECK(status.message() == "transform failed");
  }
  CHECK(families.Contents(1).empty());
  CHECK(families.Contents(2).empty());
}

}  // namespace
}  // namespace chronicle::storage
