// bench_inprocess: timeline query latency inside one process, Chronicle vs SQLite.
//
//   bench_inprocess --db CHRONICLE_DIR --sqlite FILE --meta META_JSON
//                   [--reps N] [--hot-reps N] [--json]
//
// Opens the Chronicle store (read-only) and the SQLite database (read-only) once, then for each
// query class of META_JSON (written by gen_events: typical, warm, hot_month, hot) runs the same
// timeline query on both, alternating, --reps times (--hot-reps for the full hot timeline),
// after one untimed run whose rows are compared field by field. Every row is materialised, in
// the most compact form each side has: Chronicle's Store::CollectTimeline keeps the rows in
// copies of the timeline pages they are read from (a TimelineRowSet); for SQLite every column
// of every row is copied into one growing buffer, with the end of each column (its rows are
// only valid until the next sqlite3_step, so kept rows must be copied). Until store format
// chronicle-store-4 both sides built a vector of row objects instead (Store::Timeline's
// TimelineRows against six std::strings a row).
// Then the same queries streamed, as a caller that prints or exports rows uses them: Chronicle
// passes each row to a visitor as a view into its pages (Store::ScanTimelineViews), SQLite's
// loop reads each column's text in place (sqlite3_column_text); neither copies or keeps the
// rows. Both sides fold every field's length into a checksum, and the two checksums must agree.
//
// SQLite is opened with SQLITE_OPEN_NOMUTEX, as a single-threaded program would: in Debian's
// default (serialized) mode every sqlite3_column_* call takes the connection's mutex, which
// was 18% of this benchmark's samples.
// The SQLite side reads the denormalised table run_bench.py builds:
//   timeline(entity_id, day, event_id, title, kind, status, role) WITHOUT ROWID,
//   PRIMARY KEY (entity_id, day, event_id)
// with one statement prepared once and reset between runs.
//
// Prints p50 and p99 in microseconds per class (or, with --json, one JSON object).
// Exit codes: 0 success; 1 a query failed or the two stores disagree (row count, expected
// count from META_JSON, or any field); 2 usage error.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/edtf.h"
#include "core/model.h"
#include "core/status.h"
#include "core/timeline.h"
#include "storage/store.h"
#include "storage/timeline_row_set.h"

namespace {

using chronicle::Result;
using chronicle::TimelineFilter;
using chronicle::TimelineRow;
using Clock = std::chrono::steady_clock;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

constexpr int kDefaultReps = 200;
constexpr int kDefaultHotReps = 5;

struct Options {
  std::string db;
  std::string sqlite;
  std::string meta;
  int reps = kDefaultReps;
  int hot_reps = kDefaultHotReps;
  bool json = false;
};

// One query class from meta.json.
struct QueryClass {
  std::string name;
  std::string entity_id;
  std::string from, to;  // "" for the whole timeline
  uint64_t expected_rows = 0;
};

// SQLite's rows kept: every column's text, one after the other, and where each ends.
struct SqliteRows {
  static constexpr size_t kColumns = 6;  // event_id, day, title, kind, status, role
  std::string bytes;
  std::vector<uint32_t> ends;  // kColumns per row
  size_t size() const { return ends.size() / kColumns; }
  std::string_view Column(size_t row_idx, size_t column_idx) const {
    const size_t at = row_idx * kColumns + column_idx;
    const uint32_t begin = at == 0 ? 0 : ends[at - 1];
    return std::string_view(bytes).substr(begin, ends[at] - begin);
  }
};

struct Percentiles {
  double p50_us = 0;
  double p99_us = 0;
};

struct ClassResult {
  QueryClass query;
  int reps = 0;
  uint64_t rows = 0;
  Percentiles chronicle, sqlite;
  Percentiles chronicle_streamed, sqlite_streamed;
};

// What a streamed query saw: rows and the total length of their six fields (id, day, title,
// kind, status, role), the same on both sides when they return the same rows.
struct StreamSum {
  uint64_t rows = 0;
  uint64_t field_bytes = 0;
  bool operator==(const StreamSum&) const = default;
};

// Thrown on the first failure; caught in main, which prints it and exits 1.
struct BenchFailure {
  std::string message;
};

[[noreturn]] void Fail(const std::string& message) { throw BenchFailure{message}; }

// Nearest-rank percentile. REQUIRES: samples non-empty.
double Percentile(std::vector<double> samples, double fraction) {
  std::sort(samples.begin(), samples.end());
  size_t rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(samples.size())));
  return samples[std::clamp<size_t>(rank, 1, samples.size()) - 1];
}

Percentiles Summarise(const std::vector<double>& samples_us) {
  return {Percentile(samples_us, 0.50), Percentile(samples_us, 0.99)};
}

// Owns an open SQLite database and one prepared statement per query shape.
class SqliteTimeline {
 public:
  explicit SqliteTimeline(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
      Fail("cannot open SQLite database " + path + ": " + sqlite3_errmsg(db_));
    }
    full_ = Prepare(
        "SELECT event_id, day, title, kind, status, role FROM timeline WHERE entity_id = ?1 "
        "ORDER BY day, event_id");
    range_ = Prepare(
        "SELECT event_id, day, title, kind, status, role FROM timeline WHERE entity_id = ?1 "
        "AND day BETWEEN ?2 AND ?3 ORDER BY day, event_id");
  }
  ~SqliteTimeline() {
    sqlite3_finalize(full_);
    sqlite3_finalize(range_);
    sqlite3_close(db_);
  }
  SqliteTimeline(const SqliteTimeline&) = delete;
  SqliteTimeline& operator=(const SqliteTimeline&) = delete;

  SqliteRows Query(const QueryClass& query) {
    sqlite3_stmt* statement = Bind(query);
    SqliteRows rows;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
      for (int column_idx = 0; column_idx < static_cast<int>(SqliteRows::kColumns); ++column_idx) {
        const char* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column_idx));
        const size_t length = static_cast<size_t>(sqlite3_column_bytes(statement, column_idx));
        if (text != nullptr) rows.bytes.append(text, length);
        rows.ends.push_back(static_cast<uint32_t>(rows.bytes.size()));
      }
    }
    if (step != SQLITE_DONE) Fail("SQLite query failed: " + std::string(sqlite3_errmsg(db_)));
    return rows;
  }

  StreamSum Stream(const QueryClass& query) {
    sqlite3_stmt* statement = Bind(query);
    StreamSum sum;
    int step;
    while ((step = sqlite3_step(statement)) == SQLITE_ROW) {
      ++sum.rows;
      for (int column_idx = 0; column_idx < 6; ++column_idx) {
        if (sqlite3_column_text(statement, column_idx) != nullptr) {
          sum.field_bytes += static_cast<uint64_t>(sqlite3_column_bytes(statement, column_idx));
        }
      }
    }
    if (step != SQLITE_DONE) Fail("SQLite query failed: " + std::string(sqlite3_errmsg(db_)));
    return sum;
  }

 private:
  // The statement for `query`, reset and bound.
  sqlite3_stmt* Bind(const QueryClass& query) {
    sqlite3_stmt* statement = query.from.empty() ? full_ : range_;
    sqlite3_reset(statement);
    sqlite3_bind_text(statement, 1, query.entity_id.data(), static_cast<int>(query.entity_id.size()),
                      SQLITE_STATIC);
    if (!query.from.empty()) {
      sqlite3_bind_text(statement, 2, query.from.data(), static_cast<int>(query.from.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(statement, 3, query.to.data(), static_cast<int>(query.to.size()),
                        SQLITE_STATIC);
    }
    return statement;
  }

  sqlite3_stmt* Prepare(const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_, sql, -1, &statement, nullptr) != SQLITE_OK) {
      Fail("cannot prepare '" + std::string(sql) + "': " + sqlite3_errmsg(db_));
    }
    return statement;
  }
  sqlite3* db_ = nullptr;
  sqlite3_stmt* full_ = nullptr;
  sqlite3_stmt* range_ = nullptr;
};

TimelineFilter MakeFilter(const QueryClass& query) {
  TimelineFilter filter;
  if (query.from.empty()) return filter;
  Result<int32_t> from = chronicle::ParseFromBound(query.from);
  Result<int32_t> to = chronicle::ParseToBound(query.to);
  if (!from.ok()) Fail("bad window start in meta: " + from.status().ToString());
  if (!to.ok()) Fail("bad window end in meta: " + to.status().ToString());
  filter.from_day = *from;
  filter.to_day = *to;
  return filter;
}

chronicle::storage::TimelineRowSet ChronicleQuery(chronicle::storage::Store& store,
                                                  const QueryClass& query,
                                                  const TimelineFilter& filter) {
  Result<chronicle::storage::TimelineRowSet> rows = store.CollectTimeline(query.entity_id, filter);
  if (!rows.ok()) Fail("Chronicle timeline of " + query.entity_id + ": " + rows.status().ToString());
  return std::move(rows).value();
}

StreamSum ChronicleStream(chronicle::storage::Store& store, const QueryClass& query,
                          const TimelineFilter& filter) {
  StreamSum sum;
  chronicle::Status status = store.ScanTimelineViews(
      query.entity_id, filter, [&sum](const chronicle::TimelineRowView& row) {
        ++sum.rows;
        sum.field_bytes += row.event_id.size() + row.when.size() + row.title.size() +
                           row.kind.size() + chronicle::EventStatusName(row.status).size() +
                           row.role.size();
      });
  if (!status.ok()) Fail("Chronicle timeline of " + query.entity_id + ": " + status.ToString());
  return sum;
}

// The untimed first run: both must return the same rows, field by field, in the same order.
void CompareRows(const QueryClass& query, const chronicle::storage::TimelineRowSet& chronicle_rows,
                 const SqliteRows& sqlite_rows) {
  const std::string where = query.name + " (" + query.entity_id + ")";
  if (chronicle_rows.size() != sqlite_rows.size()) {
    Fail(where + ": Chronicle returned " + std::to_string(chronicle_rows.size()) +
         " rows, SQLite " + std::to_string(sqlite_rows.size()));
  }
  if (chronicle_rows.size() != query.expected_rows) {
    Fail(where + ": both returned " + std::to_string(chronicle_rows.size()) +
         " rows, gen_events expected " + std::to_string(query.expected_rows));
  }
  for (size_t row_idx = 0; row_idx < chronicle_rows.size(); ++row_idx) {
    const chronicle::TimelineRowView ours = chronicle_rows[row_idx];
    auto check = [&](std::string_view field, size_t column_idx, std::string_view a) {
      const std::string_view b = sqlite_rows.Column(row_idx, column_idx);
      if (a != b) {
        Fail(where + ": row " + std::to_string(row_idx) + " " + std::string(field) +
             " differs: Chronicle '" + std::string(a) + "', SQLite '" + std::string(b) + "'");
      }
    };
    check("event_id", 0, ours.event_id);
    check("day", 1, chronicle::FormatDay(ours.earliest_day));
    check("title", 2, ours.title);
    check("kind", 3, ours.kind);
    check("status", 4, chronicle::EventStatusName(ours.status));
    check("role", 5, ours.role);
  }
}

double MicrosecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

ClassResult RunClass(chronicle::storage::Store& store, SqliteTimeline& sqlite,
                     const QueryClass& query, int reps) {
  const TimelineFilter filter = MakeFilter(query);
  CompareRows(query, ChronicleQuery(store, query, filter), sqlite.Query(query));
  ClassResult result{query, reps, query.expected_rows, {}, {}, {}, {}};
  std::vector<double> chronicle_us, sqlite_us;
  // Alternate the two so that drift (page cache, CPU frequency) affects both alike.
  for (int rep_idx = 0; rep_idx < reps; ++rep_idx) {
    Clock::time_point start = Clock::now();
    size_t chronicle_rows = ChronicleQuery(store, query, filter).size();
    chronicle_us.push_back(MicrosecondsSince(start));
    start = Clock::now();
    size_t sqlite_rows = sqlite.Query(query).size();
    sqlite_us.push_back(MicrosecondsSince(start));
    if (chronicle_rows != result.rows || sqlite_rows != result.rows) {
      Fail(query.name + ": row counts changed between runs");
    }
  }
  result.chronicle = Summarise(chronicle_us);
  result.sqlite = Summarise(sqlite_us);

  const StreamSum expected = sqlite.Stream(query);
  if (ChronicleStream(store, query, filter) != expected || expected.rows != result.rows) {
    Fail(query.name + ": the streamed queries disagree (rows or field lengths)");
  }
  chronicle_us.clear();
  sqlite_us.clear();
  for (int rep_idx = 0; rep_idx < reps; ++rep_idx) {
    Clock::time_point start = Clock::now();
    const StreamSum chronicle_sum = ChronicleStream(store, query, filter);
    chronicle_us.push_back(MicrosecondsSince(start));
    start = Clock::now();
    const StreamSum sqlite_sum = sqlite.Stream(query);
    sqlite_us.push_back(MicrosecondsSince(start));
    if (chronicle_sum != expected || sqlite_sum != expected) {
      Fail(query.name + ": streamed results changed between runs");
    }
  }
  result.chronicle_streamed = Summarise(chronicle_us);
  result.sqlite_streamed = Summarise(sqlite_us);
  return result;
}

std::vector<QueryClass> ReadMeta(const std::string& path) {
  std::ifstream input(path);
  if (!input) Fail("cannot read " + path);
  nlohmann::json meta;
  try {
    input >> meta;
    std::vector<QueryClass> classes;
    for (const char* name : {"typical", "warm", "hot_month", "hot"}) {
      const nlohmann::json& entry = meta.at("queries").at(name);
      QueryClass query;
      query.name = name;
      query.entity_id = entry.at("entity").get<std::string>();
      query.expected_rows = entry.at("events").get<uint64_t>();
      if (entry.contains("from")) {
        query.from = entry.at("from").get<std::string>();
        query.to = entry.at("to").get<std::string>();
      }
      classes.push_back(query);
    }
    return classes;
  } catch (const nlohmann::json::exception& error) {
    Fail(path + ": not a gen_events meta.json: " + error.what());
  }
}

void PrintText(const std::vector<ClassResult>& results) {
  std::cout << std::left << std::setw(10) << "query" << std::right << std::setw(9) << "rows"
            << std::setw(6) << "reps" << std::setw(14) << "chronicle p50" << std::setw(14)
            << "chronicle p99" << std::setw(12) << "sqlite p50" << std::setw(12) << "sqlite p99"
            << std::setw(18) << "streamed: chr p50" << std::setw(12) << "sqlite p50"
            << "   (microseconds)\n";
  std::cout << std::fixed << std::setprecision(1);
  for (const ClassResult& result : results) {
    std::cout << std::left << std::setw(10) << result.query.name << std::right << std::setw(9)
              << result.rows << std::setw(6) << result.reps << std::setw(14)
              << result.chronicle.p50_us << std::setw(14) << result.chronicle.p99_us
              << std::setw(12) << result.sqlite.p50_us << std::setw(12) << result.sqlite.p99_us
              << std::setw(18) << result.chronicle_streamed.p50_us << std::setw(12)
              << result.sqlite_streamed.p50_us << "\n";
  }
}

void PrintJson(const std::vector<ClassResult>& results) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const ClassResult& result : results) {
    out[result.query.name] = {
        {"entity", result.query.entity_id},
        {"from", result.query.from},
        {"to", result.query.to},
        {"rows", result.rows},
        {"reps", result.reps},
        {"chronicle_us", {{"p50", result.chronicle.p50_us}, {"p99", result.chronicle.p99_us}}},
        {"sqlite_us", {{"p50", result.sqlite.p50_us}, {"p99", result.sqlite.p99_us}}},
        {"chronicle_streamed_us",
         {{"p50", result.chronicle_streamed.p50_us}, {"p99", result.chronicle_streamed.p99_us}}},
        {"sqlite_streamed_us",
         {{"p50", result.sqlite_streamed.p50_us}, {"p99", result.sqlite_streamed.p99_us}}},
    };
  }
  std::cout << out.dump(2) << "\n";
}

int Usage(const std::string& problem) {
  std::cerr << "bench_inprocess: " << problem << "\n"
            << "usage: bench_inprocess --db CHRONICLE_DIR --sqlite FILE --meta META_JSON "
               "[--reps N] [--hot-reps N] [--json]\n";
  return kExitUsage;
}

bool ParseReps(const char* text, int* value) {
  char* end = nullptr;
  long parsed = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || parsed < 1 || parsed > 1'000'000) return false;
  *value = static_cast<int>(parsed);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    const std::string_view arg = argv[arg_idx];
    if (arg == "--json") {
      options.json = true;
      continue;
    }
    if (arg_idx + 1 >= argc) return Usage("missing value after " + std::string(arg));
    const char* value = argv[++arg_idx];
    if (arg == "--db") {
      options.db = value;
    } else if (arg == "--sqlite") {
      options.sqlite = value;
    } else if (arg == "--meta") {
      options.meta = value;
    } else if (arg == "--reps") {
      if (!ParseReps(value, &options.reps)) return Usage("--reps must be 1..1000000");
    } else if (arg == "--hot-reps") {
      if (!ParseReps(value, &options.hot_reps)) return Usage("--hot-reps must be 1..1000000");
    } else {
      return Usage("unknown option " + std::string(arg));
    }
  }
  if (options.db.empty() || options.sqlite.empty() || options.meta.empty()) {
    return Usage("--db, --sqlite and --meta are required");
  }
  try {
    const std::vector<QueryClass> classes = ReadMeta(options.meta);
    Result<std::unique_ptr<chronicle::storage::Store>> store =
        chronicle::storage::Store::Open(options.db, chronicle::storage::OpenMode::kReadOnly);
    if (!store.ok()) Fail("cannot open Chronicle store " + options.db + ": " + store.status().ToString());
    SqliteTimeline sqlite(options.sqlite);
    std::vector<ClassResult> results;
    for (const QueryClass& query : classes) {
      results.push_back(RunClass(**store, sqlite, query, query.name == "hot" ? options.hot_reps : options.reps));
    }
    if (options.json) {
      PrintJson(results);
    } else {
      PrintText(results);
    }
  } catch (const BenchFailure& failure) {
    std::cerr << "bench_inprocess: FAILED: " << failure.message << "\n";
    return kExitFailed;
  }
  return kExitOk;
}
