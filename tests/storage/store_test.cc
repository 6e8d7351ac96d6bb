#include "storage/store.h"

#include <rocksdb/db.h>
#include <rocksdb/metadata.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/import.h"
#include "core/model.h"
#include "core/record_json.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
#include "storage/key_codec.h"
#include "storage/store_impl.h"
#include "storage/timeline_pages.h"
#include "store_test_util.h"

namespace chronicle::storage {
namespace {

// A row set's rows as TimelineRows.
std::vector<TimelineRow> RowsOf(const TimelineRowSet& set) {
  std::vector<TimelineRow> rows;
  for (TimelineRowView view : set) rows.push_back(ToRow(view));
  return rows;
}

namespace fs = std::filesystem;
using namespace test;  // NOLINT(google-build-using-namespace): the shared test helpers

constexpr std::string_view kTempPrefix = "chronicle-store-test";

// The same row as an event listing shows it (no role).
TimelineRow WithoutRole(TimelineRow row) {
  row.role.clear();
  return row;
}

std::vector<std::string> EntityIds(const std::vector<Entity>& entities) {
  std::vector<std::string> ids;
  for (const Entity& entity : entities) ids.push_back(entity.id);
  return ids;
}

// ---- The shared data set -----------------------------------------------------------------------

const std::string kYonhap =
    R"j({"type":"source","id":"yonhap-2025-02-04","title":"스타게이트 협력 논의","publisher":"연합뉴스 (Yonhap News Agency)","published":"2025-02-04","language":"ko"})j";
const std::string kChosun =
    R"j({"type":"source","id":"chosunbiz-2025-02-04","title":"손정의 회장 “좋은 논의 가져”","publisher":"조선비즈 (Chosun Biz)","published":"2025-02-04"})j";
const std::string kSon =
    R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person","aliases":["손정의","孫正義"],"description":"Chairman of SoftBank Group."})j";
const std::string kLee =
    R"j({"type":"entity","id":"lee-jae-yong","name":"Lee Jae-yong","kind":"person","aliases":["이재용","Jay Y. Lee"]})j";
const std::string kSamsung =
    R"j({"type":"entity","id":"samsung-electronics","name":"Samsung Electronics","kind":"organization","aliases":["삼성전자"],"attributes":{"ticker":"005930"}})j";
const std::string kSeoul =
    R"j({"type":"entity","id":"seoul","name":"Seoul","kind":"place","aliases":["서울"]})j";
// References by name and alias; they are stored resolved to ids.
const std::string kFebruaryTalks =
    R"j({"type":"event","id":"softbank-talks-february","title":"SoftBank talks in Korea","kind":"meeting","when":"2025-02","status":"reported","participants":[{"entity":"손정의","role":"guest"}],"sources":[{"source":"yonhap-2025-02-04"}]})j";
const std::string kSeochoMeeting =
    R"j({"type":"event","id":"seocho-meeting","title":"이재용·손정의 서초 회동","kind":"meeting","when":"2025-02-04","tz":"Asia/Seoul","status":"occurred","place":"서울","participants":[{"entity":"이재용","role":"host"},{"entity":"son-masayoshi","role":"guest"}],"sources":[{"source":"chosunbiz-2025-02-04","quote":"좋은 논의"},{"source":"yonhap-2025-02-04"}]})j";
const std::string kSeoulWeek =
    R"j({"type":"event","id":"seoul-week","title":"A week in Seoul","kind":"visit","when":"2025-02-10/2025-02-16","status":"planned","place":"seoul","participants":[{"entity":"SON MASAYOSHI"}]})j";
const std::string kEarlyStake =
    R"j({"type":"event","id":"early-stake","title":"Stake built up before 2025","kind":"investment","when":"../2025-01-01","status":"occurred","participants":[{"entity":"samsung-electronics"},{"entity":"son-masayoshi","role":"investor"}]})j";
const std::string kPartners =
    R"j({"type":"relation","id":"son-partners-samsung","kind":"partners_with","from":"손정의","to":"삼성전자","when":"2025-02-04","sources":[{"source":"chosunbiz-2025-02-04"}]})j";
const std::string kChairs =
    R"j({"type":"relation","id":"lee-chairs-samsung","kind":"chairs","from":"lee-jae-yong","to":"samsung-electronics"})j";

const std::vector<std::string> kDataSet = {kYonhap,        kChosun,    kSon,        kLee,
                                           kSamsung,       kSeoul,     kFebruaryTalks,
                                           kSeochoMeeting, kSeoulWeek, kEarlyStake,
                                           kPartners,      kChairs};

// The records as they are stored: every reference replaced by the entity id.
const std::string kFebruaryTalksResolved =
    R"j({"type":"event","id":"softbank-talks-february","title":"SoftBank talks in Korea","kind":"meeting","when":"2025-02","status":"reported","participants":[{"entity":"son-masayoshi","role":"guest"}],"sources":[{"source":"yonhap-2025-02-04"}]})j";
const std::string kSeochoMeetingResolved =
    R"j({"type":"event","id":"seocho-meeting","title":"이재용·손정의 서초 회동","kind":"meeting","when":"2025-02-04","tz":"Asia/Seoul","status":"occurred","place":"seoul","participants":[{"entity":"lee-jae-yong","role":"host"},{"entity":"son-masayoshi","role":"guest"}],"sources":[{"source":"chosunbiz-2025-02-04","quote":"좋은 논의"},{"source":"yonhap-2025-02-04"}]})j";
const std::string kSeoulWeekResolved =
    R"j({"type":"event","id":"seoul-week","title":"A week in Seoul","kind":"visit","when":"2025-02-10/2025-02-16","status":"planned","place":"seoul","participants":[{"entity":"son-masayoshi"}]})j";
const std::string kPartnersResolved =
    R"j({"type":"relation","id":"son-partners-samsung","kind":"partners_with","from":"son-masayoshi","to":"samsung-electronics","when":"2025-02-04","sources":[{"source":"chosunbiz-2025-02-04"}]})j";

// Son Masayoshi's timeline of the data set, in timeline order.
TimelineRow SonEarlyStake() {
  return Row("early-stake", "Stake built up before 2025", "investment", "../2025-01-01",
             kOpenStartDay, Day(2025, 1, 1), EventStatus::kOccurred, "investor", "", {},
             kImportTime);
}
TimelineRow SonFebruaryTalks() {
  return Row("softbank-talks-february", "SoftBank talks in Korea", "meeting", "2025-02",
             Day(2025, 2, 1), Day(2025, 2, 28), EventStatus::kReported, "guest", "",
             {"yonhap-2025-02-04"}, kFebruary4);
}
TimelineRow SonSeochoMeeting() {
  return Row("seocho-meeting", "이재용·손정의 서초 회동", "meeting", "2025-02-04", Day(2025, 2, 4),
             Day(2025, 2, 4), EventStatus::kOccurred, "guest", "seoul",
             {"chosunbiz-2025-02-04", "yonhap-2025-02-04"}, kFebruary4, "Asia/Seoul");
}
TimelineRow SonSeoulWeek() {
  return Row("seoul-week", "A week in Seoul", "visit", "2025-02-10/2025-02-16", Day(2025, 2, 10),
             Day(2025, 2, 16), EventStatus::kPlanned, "participant", "seoul", {}, kImportTime);
}

// Everything the queries return about a store, to tell whether anything changed.
struct Snapshot {
  std::map<std::string, uint64_t> records, entity_kinds, event_statuses;
  uint64_t imports = 0;
  std::optional<int32_t> first_day, last_day;
  std::vector<TimelineRow> events;
  std::vector<Entity> entities;
  std::vector<std::optional<Record>> records_by_id;
  std::vector<std::vector<RecordVersion>> versions_by_id;
  std::vector<std::vector<TimelineRow>> timelines;
  std::vector<std::vector<std::pair<Relation, bool>>> relations;
  std::set<std::string> table_files;  // the store's *.sst files

  bool operator==(const Snapshot&) const = default;
};

// Ids the snapshot looks up, including ids the tests add or try to add.
const std::vector<std::string> kSnapshotIds = {
    "yonhap-2025-02-04", "chosunbiz-2025-02-04", "son-masayoshi",      "lee-jae-yong",
    "samsung-electronics", "seoul",             "softbank-talks-february", "seocho-meeting",
    "seoul-week",        "early-stake",         "son-partners-samsung", "lee-chairs-samsung",
    "choi-tae-won",      "sk-meeting",          "ghost-meeting"};

Snapshot TakeSnapshot(Store& store, const std::string& dir) {
  Snapshot snapshot;
  StoreStats stats = Value(store.Stats());
  snapshot.records = stats.records;
  snapshot.entity_kinds = stats.entity_kinds;
  snapshot.event_statuses = stats.event_statuses;
  snapshot.imports = stats.imports;
  snapshot.first_day = stats.first_day;
  snapshot.last_day = stats.last_day;
  snapshot.events = Value(store.Events(TimelineFilter()));
  snapshot.entities = Value(store.Entities(std::nullopt));
  for (const std::string& id : kSnapshotIds) {
    snapshot.records_by_id.push_back(Value(store.GetRecord(id)));
    snapshot.versions_by_id.push_back(Value(store.Versions(id)));
  }
  for (const Entity& entity : snapshot.entities) {
    snapshot.timelines.push_back(Value(store.Timeline(entity.id, TimelineFilter())));
    std::vector<std::pair<Relation, bool>> relations;
    for (EntityRelation& relation : Value(store.RelationsOf(entity.id))) {
      relations.emplace_back(std::move(relation.relation), relation.outgoing);
    }
    snapshot.relations.push_back(std::move(relations));
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") snapshot.table_files.insert(entry.path().filename());
  }
  return snapshot;
}

// ---- Open -------------------------------------------------------------------------------------

TEST_CASE("opening read-only needs an existing store", "[storage][store]") {
  TempDir temp(kTempPrefix);

  SECTION("a missing directory is NotFound") {
    Result<std::unique_ptr<Store>> store = Store::Open(temp.path(), OpenMode::kReadOnly);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == StatusCode::kNotFound);
    CHECK(store.status().message() == "no Chronicle store at " + temp.path() +
                                          " (create one with: chronicle --db " + temp.path() +
                                          " import FILE)");
    CHECK_FALSE(fs::exists(temp.path()));
  }
  SECTION("an empty directory is not a store") {
    fs::create_directory(temp.path());
    Result<std::unique_ptr<Store>> store = Store::Open(temp.path(), OpenMode::kReadOnly);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == StatusCode::kInvalidArgument);
    CHECK(store.status().message() == temp.path() + " is not a Chronicle store");
    CHECK(fs::is_empty(temp.path()));
  }
}

TEST_CASE("opening read-write creates a store in a missing or empty directory",
          "[storage][store]") {
  TempDir temp(kTempPrefix);

  SECTION("missing directory") {}
  SECTION("empty directory") { fs::create_directory(temp.path()); }

  {
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    StoreStats stats = Value(store->Stats());
    CHECK(stats.records == std::map<std::string, uint64_t>{
                               {"entity", 0}, {"event", 0}, {"relation", 0}, {"source", 0}});
    CHECK(stats.entity_kinds.empty());
    CHECK(stats.event_statuses.empty());
    CHECK(stats.imports == 0);
    CHECK_FALSE(stats.first_day.has_value());
    CHECK_FALSE(stats.last_day.has_value());
    CHECK(stats.disk_bytes > 0);
    CHECK(Value(store->Events(TimelineFilter())).empty());
    CHECK(Value(store->Entities(std::nullopt)).empty());
  }
  CHECK(fs::is_directory(temp.path()));
  // What was created is a store: it opens read-only.
  std::unique_ptr<Store> reopened = OpenStore(temp.path(), OpenMode::kReadOnly);
  CHECK(Value(reopened->Stats()).imports == 0);
}

TEST_CASE("a table file that stays missing is reported when a store is opened read-only",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), kDataSet);
  // Opening read-only retries a file missing because a writer replaced it a moment before;
  // a file gone for good is still an error once the attempts are spent.
  std::vector<std::filesystem::path> tables;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") tables.push_back(entry.path());
  }
  REQUIRE_FALSE(tables.empty());
  for (const std::filesystem::path& table : tables) std::filesystem::remove(table);
  Result<std::unique_ptr<Store>> store = Store::Open(dir, OpenMode::kReadOnly);
  REQUIRE_FALSE(store.ok());
  INFO(store.status().ToString());
  CHECK(store.status().message().starts_with("cannot open " + dir + ": "));
  CHECK((store.status().message().find("No such file") != std::string::npos ||
         store.status().message().find("Missing sst file") != std::string::npos));
}

TEST_CASE("a directory that holds something else is not a Chronicle store", "[storage][store]") {
  TempDir temp(kTempPrefix);
  fs::create_directory(temp.path());
  const std::string not_a_store = temp.path() + " is not a Chronicle store";

  SECTION("an unrelated file") {
    std::ofstream(temp.Sub("notes.txt")) << "my notes\n";
    for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
      Result<std::unique_ptr<Store>> store = Store::Open(temp.path(), mode);
      REQUIRE_FALSE(store.ok());
      CHECK(store.status().code() == StatusCode::kInvalidArgument);
      CHECK(store.status().message() == not_a_store);
    }
    // Nothing was added to the directory.
    CHECK(std::distance(fs::directory_iterator(temp.path()), fs::directory_iterator()) == 1);
  }
  SECTION("a CURRENT file and garbage") {
    std::ofstream(temp.Sub("CURRENT")) << "MANIFEST-000001\n";
    std::ofstream(temp.Sub("MANIFEST-000001")) << "not a manifest";
    for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
      Result<std::unique_ptr<Store>> store = Store::Open(temp.path(), mode);
      REQUIRE_FALSE(store.ok());
      CHECK(store.status().code() == StatusCode::kInvalidArgument);
      CHECK(store.status().message() == not_a_store);
    }
  }
  SECTION("a plain RocksDB database") {
    {
      rocksdb::Options options;
      options.create_if_missing = true;
      rocksdb::DB* raw_db = nullptr;
      rocksdb::Status opened = rocksdb::DB::Open(options, temp.Sub("foreign"), &raw_db);
      REQUIRE(opened.ok());
      std::unique_ptr<rocksdb::DB> db(raw_db);
      REQUIRE(db->Put(rocksdb::WriteOptions(), "some key", "some value").ok());
      REQUIRE(db->Close().ok());
    }
    for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
      Result<std::unique_ptr<Store>> store = Store::Open(temp.Sub("foreign"), mode);
      REQUIRE_FALSE(store.ok());
      CHECK(store.status().code() == StatusCode::kInvalidArgument);
      CHECK(store.status().message() == temp.Sub("foreign") + " is not a Chronicle store");
    }
    // The foreign database was left as it was: no column families were added.
    std::vector<std::string> families;
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), temp.Sub("foreign"), &families)
                .ok());
    CHECK(families == std::vector<std::string>{"default"});
  }
}

TEST_CASE("a path that is a regular file is not a Chronicle store", "[storage][store]") {
  TempDir temp(kTempPrefix);
  fs::create_directory(temp.path());
  const std::string file = temp.Sub("store.db");
  std::ofstream(file) << "hello\n";
  for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
    Result<std::unique_ptr<Store>> store = Store::Open(file, mode);
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == StatusCode::kInvalidArgument);
    CHECK(store.status().message() == file + " is not a Chronicle store (it is not a directory)");
  }
  CHECK(fs::is_regular_file(file));
}

TEST_CASE("one writer at a time, while readers open beside it", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> writer = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*writer, {kSon, kSamsung});

  SECTION("a second read-write open is Busy") {
    Result<std::unique_ptr<Store>> second = Store::Open(temp.path(), OpenMode::kReadWrite);
    REQUIRE_FALSE(second.ok());
    CHECK(second.status().code() == StatusCode::kBusy);
    CHECK(second.status().message() ==
          temp.path() + " is open for writing by another process; try again when it is done");
    // The writer is unaffected.
    ImportOk(*writer, {kLee});
    CHECK(EntityIds(Value(writer->Entities(std::nullopt))) ==
          std::vector<std::string>{"lee-jae-yong", "samsung-electronics", "son-masayoshi"});
  }
  SECTION("a read-only open sees what was imported before it opened") {
    std::unique_ptr<Store> reader = OpenStore(temp.path(), OpenMode::kReadOnly);
    CHECK(EntityIds(Value(reader->Entities(std::nullopt))) ==
          std::vector<std::string>{"samsung-electronics", "son-masayoshi"});
    CHECK(Value(reader->ResolveEntity("손정의")).id == "son-masayoshi");
    StoreStats stats = Value(reader->Stats());
    CHECK(stats.records.at("entity") == 2);
    CHECK(stats.imports == 1);
  }
  SECTION("a read-only store refuses to import") {
    std::unique_ptr<Store> reader = OpenStore(temp.path(), OpenMode::kReadOnly);
    Result<ImportResult> result = reader->Import(Inputs({kLee}));
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kInvalidArgument);
    CHECK(result.status().message() == "the store was opened read-only");
  }
}

TEST_CASE("a store whose meta values were damaged does not open", "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  OpenStore(dir, OpenMode::kReadWrite);  // creates the store, with its format and counters
  const std::string format_value = RawGet(dir, "default", MetaKey("format"));
  auto require_error = [&dir](StatusCode code, const std::string& message) {
    for (OpenMode mode : {OpenMode::kReadWrite, OpenMode::kReadOnly}) {
      INFO((mode == OpenMode::kReadWrite ? "read-write" : "read-only"));
      Result<std::unique_ptr<Store>> store = Store::Open(dir, mode);
      REQUIRE_FALSE(store.ok());
      CHECK(store.status().code() == code);
      CHECK(store.status().message() == message);
    }
  };

  SECTION("another store format") {
    RawPut(dir, "default", MetaKey("format"), "x");
    require_error(StatusCode::kInvalidArgument,
                  dir + " has store format 'x'; this chronicle reads '" + format_value +
                      "' and 'chronicle-store-3'");
    CHECK(format_value == "chronicle-store-4");
    // The refused opens changed nothing: with its format back, the store opens.
    RawPut(dir, "default", MetaKey("format"), format_value);
    CHECK(Value(OpenStore(dir, OpenMode::kReadOnly)->Stats()).imports == 0);
  }
  SECTION("the counters missing") {
    RawDelete(dir, "default", MetaKey("counters"));
    require_error(StatusCode::kCorruption, dir + ": store counters are missing");
  }
  SECTION("unreadable counters") {
    for (const char* counters : {"{", "[]", "{}", R"({"next_iid":"one"})"}) {
      INFO("counters " << counters);
      RawPut(dir, "default", MetaKey("counters"), counters);
      require_error(StatusCode::kCorruption, "unreadable counters");
    }
  }
}

TEST_CASE("the read-only Env raises no thread pool at open, but runs work scheduled on it",
          "[storage][store]") {
  rocksdb::Env* env = ReadOnlyEnv();
  rocksdb::Env* base = rocksdb::Env::Default();
  REQUIRE(env != base);
  // What a DB open asks for (SanitizeOptions): passed on, the default Env would start threads.
  const int before = base->GetBackgroundThreads(rocksdb::Env::Priority::BOTTOM);
  env->IncBackgroundThreadsIfNeeded(before + 3, rocksdb::Env::Priority::BOTTOM);
  CHECK(base->GetBackgroundThreads(rocksdb::Env::Priority::BOTTOM) == before);
  // Work scheduled after all raises the pool and runs.
  std::atomic<bool> ran{false};
  env->Schedule([](void* flag) { static_cast<std::atomic<bool>*>(flag)->store(true); }, &ran,
                rocksdb::Env::Priority::BOTTOM);
  // Waits for the pool thread (at most a minute: this is not a timing test).
  for (int wait_idx = 0; wait_idx < 6000 && !ran.load(); ++wait_idx) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(ran.load());
  CHECK(base->GetBackgroundThreads(rocksdb::Env::Priority::BOTTOM) >= 1);
}

TEST_CASE("plans read their records walking forward, near or far apart, cached or not",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  // 300 events; planned ones both close together (one Next apart) and far apart (more
  // records between them than the walk steps over before it seeks).
  std::vector<std::string> lines = {
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j"};
  std::set<std::string> planned;
  for (int event_idx = 0; event_idx < 300; ++event_idx) {
    char id[16];
    std::snprintf(id, sizeof id, "ev-%03d", event_idx);
    const bool is_planned = event_idx % 100 == 0 || event_idx % 100 == 1 || event_idx == 257;
    if (is_planned) planned.insert(id);
    lines.push_back(std::string(R"j({"type":"event","id":")j") + id +
                    R"j(","title":"Event","kind":"meeting","when":"2025-02-)j" +
                    (event_idx % 28 < 9 ? "0" : "") + std::to_string(event_idx % 28 + 1) +
                    R"j(","status":")j" + (is_planned ? "planned" : "occurred") +
                    R"j(","participants":[{"entity":"son-masayoshi"}]})j");
  }
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), lines);
  for (bool cache : {true, false}) {
    INFO("cache_listing_blocks " << cache);
    Result<std::unique_ptr<Store>> store =
        Store::Open(dir, OpenMode::kReadOnly, {.cache_listing_blocks = cache});
    REQUIRE(store.ok());
    std::set<std::string> found;
    for (const PlanOutcome& plan : Value((*store)->Plans(kImportTime))) {
      found.insert(plan.id);
      CHECK(std::get<Event>(plan.planned.record).status == EventStatus::kPlanned);
      CHECK_FALSE(plan.outcome.has_value());
    }
    CHECK(found == planned);
  }
}

TEST_CASE("a store opened for one thread answers as a shared one, from several threads too",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  std::vector<std::string> lines = {
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j",
      R"j({"type":"entity","id":"sam-altman","name":"Sam Altman","kind":"person"})j"};
  for (int event_idx = 0; event_idx < 200; ++event_idx) {
    char day[8];
    std::snprintf(day, sizeof day, "%02d", event_idx % 28 + 1);
    lines.push_back(R"j({"type":"event","id":"ev-)j" + std::to_string(1000 + event_idx) +
                    R"j(","title":"Meeting","kind":"meeting","when":"2025-02-)j" + day +
                    R"j(","status":"occurred","participants":[{"entity":"son-masayoshi"})j" +
                    (event_idx % 3 == 0 ? R"j(,{"entity":"sam-altman"})j" : "") + "]}");
  }
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), lines);
  std::unique_ptr<Store> shared = OpenStore(dir, OpenMode::kReadOnly);
  const std::vector<TimelineRow> son = Value(shared->Timeline("son-masayoshi", TimelineFilter()));
  const std::vector<TimelineRow> sam = Value(shared->Timeline("sam-altman", TimelineFilter()));
  REQUIRE(son.size() == 200);
  REQUIRE(sam.size() == 67);

  for (bool cache : {true, false}) {
    INFO("cache_listing_blocks " << cache);
    Result<std::unique_ptr<Store>> single =
        Store::Open(dir, OpenMode::kReadOnly, {.cache_listing_blocks = cache, .single_thread = true});
    REQUIRE(single.ok());
    CHECK(Value((*single)->Timeline("son-masayoshi", TimelineFilter())) == son);
    // The contract allows several threads; they share one-shard caches.
    std::atomic<int> mismatches{0};
    std::vector<std::thread> threads;
    for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
      threads.emplace_back([&, thread_idx] {
        for (int round = 0; round < 25; ++round) {
          const bool pick_son = (thread_idx + round) % 2 == 0;
          Result<std::vector<TimelineRow>> rows = (*single)->Timeline(
              pick_son ? "son-masayoshi" : "sam-altman", TimelineFilter());
          if (!rows.ok() || *rows != (pick_son ? son : sam)) ++mismatches;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    CHECK(mismatches.load() == 0);
  }
}

TEST_CASE("an import whose ids spill to disk stores what one in memory stores",
          "[storage][store]") {
  // 300 events, 40 of them twice (a second version with another title, so the planner must
  // find repeats across the runs), and 3 entities; with 7 ids in memory the planner writes
  // ~50 runs.
  std::vector<std::string> lines = {
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j",
      R"j({"type":"entity","id":"sam-altman","name":"Sam Altman","kind":"person"})j",
      R"j({"type":"entity","id":"lee-jae-yong","name":"Lee Jae-yong","kind":"person"})j"};
  auto event = [](int event_idx, const std::string& title) {
    char day[8];
    std::snprintf(day, sizeof day, "%02d", event_idx % 28 + 1);
    return R"j({"type":"event","id":"ev-)j" + std::to_string(event_idx) + R"j(","title":")j" +
           title + R"j(","kind":"meeting","when":"2025-02-)j" + day +
           R"j(","status":"occurred","participants":[{"entity":")j" +
           (event_idx % 3 == 0 ? "sam-altman" : "son-masayoshi") +
           R"j("},{"entity":"Lee Jae-yong"}]})j";
  };
  for (int event_idx = 0; event_idx < 300; ++event_idx) lines.push_back(event(event_idx, "First"));
  for (int event_idx = 0; event_idx < 300; event_idx += 15) {
    lines.push_back(event(event_idx, "Second"));
    lines.push_back(event(event_idx + 1, "First"));  // unchanged: the same content again
  }
  std::vector<std::vector<TimelineRow>> timelines;
  for (size_t ids_in_memory : {size_t{7}, IdSpill().memory_words}) {
    INFO("ids_in_memory " << ids_in_memory);
    TempDir temp(kTempPrefix);
    const std::string dir = temp.path();
    {
      std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadWrite);
      ImportOptions options = At(kImportTime);
      options.ids_in_memory = ids_in_memory;
      Result<ImportResult> result = store->Import(Inputs(lines), options);
      REQUIRE(result.ok());
      CHECK(result->errors.empty());
      CHECK(result->unchanged == 20);
    }
    // Nothing is left of the runs.
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      CHECK_FALSE(entry.path().filename().string().starts_with("import-"));
    }
    std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
    std::vector<TimelineRow> rows = Value(store->Timeline("lee-jae-yong", TimelineFilter()));
    REQUIRE(rows.size() == 300);
    size_t second = 0;
    for (const TimelineRow& row : rows) second += row.title == "Second" ? 1 : 0;
    CHECK(second == 20);
    timelines.push_back(std::move(rows));
  }
  CHECK(timelines[0] == timelines[1]);
}

// The table files in `dir`.
std::set<std::string> TableFiles(const std::string& dir) {
  std::set<std::string> tables;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") tables.insert(entry.path().filename().string());
  }
  return tables;
}

TEST_CASE("a read-only store that meets a table file an import deleted opens again and answers",
          "[storage][store]") {
  // Small imports whose key ranges overlap (each adds an event in January and one in December)
  // add small files above the first import's; once more than 8 are there, an import merges
  // them into one and deletes them. Readers opened after the first six imports know files
  // that the later imports delete, and have not opened them all (a query opens the files it
  // needs when it first needs them).
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  auto event = [](int event_idx, const char* month) {
    char day[8];
    std::snprintf(day, sizeof day, "%02d", event_idx % 28 + 1);
    return R"j({"type":"event","id":"ev-)j" + std::to_string(event_idx) +
           R"j(","title":"Meeting","kind":"meeting","when":"2025-)j" + month + "-" + day +
           R"j(","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j";
  };
  auto import_pair = [&](int import_idx) {
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite),
             {event(2 * import_idx - 1, "01"), event(2 * import_idx, "12")},
             kImportTime + import_idx);
  };
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite),
           {R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j",
            event(0, "06")});
  for (int import_idx = 1; import_idx <= 5; ++import_idx) import_pair(import_idx);
  std::unique_ptr<Store> collecting = OpenStore(dir, OpenMode::kReadOnly);
  std::unique_ptr<Store> streaming = OpenStore(dir, OpenMode::kReadOnly);
  std::unique_ptr<Store> shared = OpenStore(dir, OpenMode::kReadOnly);
  const std::set<std::string> known = TableFiles(dir);
  for (int import_idx = 6; import_idx <= 14; ++import_idx) import_pair(import_idx);
  const std::set<std::string> now = TableFiles(dir);
  std::vector<std::string> deleted;
  std::set_difference(known.begin(), known.end(), now.begin(), now.end(),
                      std::back_inserter(deleted));
  REQUIRE(deleted.size() >= 5);  // the situation this test is about

  // Each reader answers from the store as it is now: all 29 events.
  const std::vector<TimelineRow> rows =
      Value(collecting->Timeline("son-masayoshi", TimelineFilter()));
  CHECK(rows.size() == 29);
  std::vector<std::string> streamed;
  REQUIRE(streaming
              ->ScanTimeline("son-masayoshi", TimelineFilter(),
                             [&](const TimelineRow& row) { streamed.push_back(row.event_id); })
              .ok());
  CHECK(streamed.size() == 29);
  CHECK(Value(streaming->Stats()).records.at("event") == 29);
  // Four threads query one stale store at once: the store is opened again once or more,
  // never under a query that is reading it, and every answer is whole.
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < 4; ++thread_idx) {
    threads.emplace_back([&] {
      for (int round = 0; round < 10; ++round) {
        Result<std::vector<TimelineRow>> answer =
            shared->Timeline("son-masayoshi", TimelineFilter());
        if (!answer.ok() || answer->size() != 29) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(wrong.load() == 0);
}

TEST_CASE("an import that keeps few entities in memory stores what one keeping all stores",
          "[storage][store]") {
  // 30 new entities (with an alias each) and a stored one given a new name, 120 events that
  // name two of them, one by id and one by name, half of the events before the entities they
  // name; then a later import adds one more entity. With 1 or 4 entities in memory the planner
  // spills the others and the writer forgets their iids at once (or every 4) and works them out
  // again; the entity of the later import must not share an iid with any of them.
  const std::string stored = R"j({"type":"entity","id":"stored-one","name":"Stored One",)j"
                             R"j("kind":"organization"})j";
  auto event = [](int event_idx, const std::string& extra) {
    char day[8];
    std::snprintf(day, sizeof day, "%02d", event_idx % 28 + 1);
    return R"j({"type":"event","id":"ev-)j" + std::to_string(event_idx) +
           R"j(","title":"Meeting )j" + std::to_string(event_idx) +
           R"j(","kind":"meeting","when":"2025-03-)j" + day +
           R"j(","status":"occurred","participants":[{"entity":"ent-)j" +
           std::to_string(event_idx % 30) + R"j("},{"entity":"Entity )j" +
           std::to_string((event_idx + 7) % 30) + R"j("})j" + extra + "]}";
  };
  std::vector<std::string> lines;
  for (int event_idx = 0; event_idx < 60; ++event_idx) {
    lines.push_back(event(event_idx, event_idx % 10 == 0 ? R"j(,{"entity":"stored-one"})j" : ""));
  }
  for (int entity_idx = 0; entity_idx < 30; ++entity_idx) {
    lines.push_back(R"j({"type":"entity","id":"ent-)j" + std::to_string(entity_idx) +
                    R"j(","name":"Entity )j" + std::to_string(entity_idx) +
                    R"j(","aliases":["E )j" + std::to_string(entity_idx) +
                    R"j("],"kind":"person"})j");
  }
  lines.push_back(R"j({"type":"entity","id":"stored-one","name":"Stored One Inc.",)j"
                  R"j("kind":"organization"})j");
  for (int event_idx = 60; event_idx < 120; ++event_idx) {
    lines.push_back(event(event_idx, event_idx % 10 == 0 ? R"j(,{"entity":"Stored One"})j" : ""));
  }
  const std::vector<std::string> later = {
      R"j({"type":"entity","id":"late","name":"Late","kind":"person"})j",
      R"j({"type":"event","id":"late-1","title":"Late","kind":"meeting","when":"2025-04-01",)j"
      R"j("status":"occurred","participants":[{"entity":"late"},{"entity":"ent-29"}]})j"};

  std::vector<std::vector<std::vector<TimelineRow>>> timelines_by_mode;
  for (size_t entities_in_memory : {size_t{1}, size_t{4}, EntitySpill().memory_entities}) {
    INFO("entities_in_memory " << entities_in_memory);
    TempDir temp(kTempPrefix);
    const std::string dir = temp.path();
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite),
             {stored,
              R"j({"type":"event","id":"old-1","title":"Old","kind":"meeting","when":"2024-01-02",)j"
              R"j("status":"occurred","participants":[{"entity":"stored-one"}]})j"});
    {
      std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadWrite);
      ImportOptions options = At(kImportTime + 60);
      options.entities_in_memory = entities_in_memory;
      Result<ImportResult> result = store->Import(Inputs(lines), options);
      REQUIRE(result.ok());
      CHECK(result->errors.empty());
      CHECK(result->added["entity"] == 30);
      CHECK(result->added["event"] == 120);
      CHECK(result->versions["entity"] == 1);
      ImportOk(*store, later, kImportTime + 120);
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
      CHECK_FALSE(entry.path().filename().string().starts_with("import-"));
    }
    std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
    std::vector<std::vector<TimelineRow>> timelines;
    for (int entity_idx = 0; entity_idx < 30; ++entity_idx) {
      std::vector<TimelineRow> rows =
          Value(store->Timeline("ent-" + std::to_string(entity_idx), TimelineFilter()));
      CHECK(rows.size() == (entity_idx == 29 ? 9u : 8u));  // 4 by id, 4 by name (+ late-1)
      timelines.push_back(std::move(rows));
    }
    const std::vector<TimelineRow> stored_rows =
        Value(store->Timeline("stored-one", TimelineFilter()));
    CHECK(stored_rows.size() == 13);  // old-1 and every tenth of the 120
    CHECK(stored_rows.front().event_id == "old-1");
    timelines.push_back(stored_rows);
    const std::vector<TimelineRow> late_rows = Value(store->Timeline("late", TimelineFilter()));
    REQUIRE(late_rows.size() == 1);
    CHECK(late_rows[0].event_id == "late-1");
    CHECK(Value(store->ResolveEntity("E 17")).id == "ent-17");
    CHECK(Value(store->ResolveEntity("Stored One Inc.")).id == "stored-one");
    const StoreStats stats = Value(store->Stats());
    CHECK(stats.records.at("entity") == 32);
    CHECK(stats.records.at("event") == 122);
    timelines_by_mode.push_back(std::move(timelines));
  }
  CHECK(timelines_by_mode[0] == timelines_by_mode[2]);
  CHECK(timelines_by_mode[1] == timelines_by_mode[2]);
}

TEST_CASE("an import whose ids cannot spill fails and leaves the store as it was",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite),
           {R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j"});
  // A file where the planner's scratch directory would go.
  const std::string blocker = ImportScratchDir(dir, "ids");
  std::ofstream(blocker) << "in the way\n";
  std::vector<std::string> lines;
  for (int event_idx = 0; event_idx < 20; ++event_idx) {
    lines.push_back(R"j({"type":"event","id":"ev-)j" + std::to_string(event_idx) +
                    R"j(","title":"Meeting","kind":"meeting","when":"2025-02-04",)j"
                    R"j("status":"occurred","participants":[{"entity":"son-masayoshi"}]})j");
  }
  {
    std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadWrite);
    ImportOptions options = At(kImportTime + 60);
    options.ids_in_memory = 7;
    Result<ImportResult> result = store->Import(Inputs(lines), options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == StatusCode::kIoError);
    CHECK(result.status().message() == "cannot write " + blocker + "/ids-0.run");
  }
  std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
  CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())).empty());
  const StoreStats stats = Value(store->Stats());
  CHECK(stats.records.at("event") == 0);
  CHECK(stats.imports == 1);
}

TEST_CASE("long listings collected into vectors equal the streamed ones, as of any time",
          "[storage][store]") {
  // 600 events of one entity (past the 256 rows after which a collecting scan reserves room
  // for its estimate), 30 of them with a second version recorded a day later.
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  auto event = [](int event_idx, const std::string& title) {
    char when[16];
    std::snprintf(when, sizeof when, "20%02d-%02d-%02d", 10 + event_idx % 15, event_idx % 12 + 1,
                  event_idx % 28 + 1);
    return R"j({"type":"event","id":"ev-)j" + std::to_string(1000 + event_idx) +
           R"j(","title":")j" + title + R"j(","kind":"meeting","when":")j" + when +
           R"j(","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j";
  };
  std::vector<std::string> first = {
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j"};
  for (int event_idx = 0; event_idx < 600; ++event_idx) first.push_back(event(event_idx, "First"));
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), first);
  std::vector<std::string> second;
  for (int event_idx = 0; event_idx < 600; event_idx += 20) {
    second.push_back(event(event_idx, "Second"));
  }
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), second, kImportTime + 86400);

  std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
  for (std::optional<int64_t> as_of : {std::optional<int64_t>(), std::optional<int64_t>(kImportTime),
                                       std::optional<int64_t>(kImportTime + 86400)}) {
    INFO("as_of " << (as_of ? std::to_string(*as_of) : "none"));
    TimelineFilter filter;
    filter.as_of = as_of;
    const std::vector<TimelineRow> collected = Value(store->Timeline("son-masayoshi", filter));
    std::vector<TimelineRow> streamed;
    REQUIRE(store->ScanTimeline("son-masayoshi", filter, [&](const TimelineRow& row) {
                    streamed.push_back(row);
                  }).ok());
    CHECK(collected.size() == 600);
    CHECK(collected == streamed);
    CHECK(RowsOf(Value(store->CollectTimeline("son-masayoshi", filter))) == collected);
    size_t second_titles = 0;
    for (const TimelineRow& row : collected) second_titles += row.title == "Second" ? 1 : 0;
    CHECK(second_titles == (as_of == kImportTime ? 0 : 30));
    const std::vector<TimelineRow> events = Value(store->Events(filter));
    std::vector<TimelineRow> events_streamed;
    REQUIRE(store->ScanEvents(filter, [&](const TimelineRow& row) {
                    events_streamed.push_back(row);
                  }).ok());
    CHECK(events.size() == 600);
    CHECK(events == events_streamed);
    CHECK(RowsOf(Value(store->CollectEvents(filter))) == events);
  }
}

TEST_CASE("many small imports leave few files above each family's deepest level",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  auto event = [](const std::string& id, const std::string& title, const std::string& day) {
    return R"j({"type":"event","id":")j" + id + R"j(","title":")j" + title +
           R"j(","kind":"meeting","when":"2025-02-)j" + day +
           R"j(","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j";
  };
  std::vector<std::string> base = {
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j"};
  for (int event_idx = 0; event_idx < 50; ++event_idx) {
    base.push_back(event("base-" + std::to_string(100 + event_idx), "Base", "01"));
  }
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), base);
  // 40 imports of one event each, whose keys fall between the base's (ids and days): each lands
  // above the base's files, apart from the others. The 20th also gives one base event a new
  // title (a new version: the old index entries are deleted, and merged files carry that).
  for (int import_idx = 0; import_idx < 40; ++import_idx) {
    std::vector<std::string> lines = {
        event("base-" + std::to_string(100 + import_idx) + "x", "Small", "01")};
    if (import_idx == 20) lines.push_back(event("base-100", "Base, renamed", "03"));
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite), lines, kImportTime + import_idx + 1);
  }
  {
    RawStore raw(dir, /*writable=*/false);
    for (size_t family_idx = 0; family_idx < kCfCount; ++family_idx) {
      rocksdb::ColumnFamilyMetaData meta;
      raw.db().GetColumnFamilyMetaData(raw.Family(kCfNames[family_idx]), &meta);
      int deepest = -1;
      for (const rocksdb::LevelMetaData& level : meta.levels) {
        if (!level.files.empty()) deepest = level.level;
      }
      size_t upper_files = 0;
      for (const rocksdb::LevelMetaData& level : meta.levels) {
        if (level.level < deepest) upper_files += level.files.size();
      }
      INFO(kCfNames[family_idx] << ": " << meta.file_count << " files, deepest level "
                                << deepest);
      CHECK(upper_files <= kMaxUpperLevelFiles);
    }
    raw.Close();
  }
  // Everything is still there, and the superseded row is gone.
  std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
  const std::vector<TimelineRow> rows = Value(store->Timeline("son-masayoshi", TimelineFilter()));
  CHECK(rows.size() == 90);
  CHECK(std::count_if(rows.begin(), rows.end(),
                      [](const TimelineRow& row) { return row.event_id == "base-100"; }) == 1);
  CHECK(std::find_if(rows.begin(), rows.end(), [](const TimelineRow& row) {
          return row.title == "Base, renamed";
        }) != rows.end());
  CHECK(Value(store->Events(TimelineFilter())).size() == 90);
}

// The timeline family of a closed store as pages: every page well formed, keyed by its last row,
// at most `page_rows` rows; returns how many pages each entity iid has.
std::map<uint64_t, size_t> CheckTimelinePages(const std::string& dir, size_t page_rows) {
  std::map<uint64_t, size_t> pages_of;
  RawStore raw(dir, /*writable=*/false);
  {
    rocksdb::ReadOptions options;
    options.total_order_seek = true;
    std::unique_ptr<rocksdb::Iterator> it(raw.db().NewIterator(options, raw.Family("timeline")));
    std::string previous_last_row;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      TimelineKeyParts key;
      REQUIRE(DecodeTimelineKey(it->key().ToStringView(), &key));
      TimelinePage page;
      REQUIRE(page.Parse(it->value().ToStringView()));
      REQUIRE(page.size() >= 1);
      CHECK(page.size() <= page_rows);
      TimelineRowView row;
      for (size_t row_idx = 0; row_idx < page.size(); ++row_idx) {
        page.Row(row_idx, &row);
        const std::string row_key =
            TimelineKey({key.entity_iid, row.earliest_day, row.latest_day, row.event_id});
        CHECK(previous_last_row < row_key);  // rows in key order across pages
        previous_last_row = row_key;
      }
      CHECK(previous_last_row == it->key().ToStringView());  // keyed by its last row
      ++pages_of[key.entity_iid];
    }
    REQUIRE(it->status().ok());
  }
  raw.Close();
  return pages_of;
}

TEST_CASE("timelines stay whole and in pages across imports that add, correct and move events",
          "[storage][store][pages]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  const std::vector<std::string> entities = {"son-masayoshi", "lee-jae-yong", "sam-altman"};
  // The model: each event's current title, day and participants.
  struct ModelEvent {
    std::string title;
    int day = 0;  // days after 2000-01-01
    std::vector<std::string> participants;
  };
  std::map<std::string, ModelEvent> model;
  auto line = [](const std::string& id, const ModelEvent& event) {
    const int32_t day = Day(2000, 1, 1) + event.day;
    std::string participants;
    for (const std::string& entity : event.participants) {
      if (!participants.empty()) participants += ",";
      participants += R"j({"entity":")j" + entity + R"j("})j";
    }
    return R"j({"type":"event","id":")j" + id + R"j(","title":")j" + event.title +
           R"j(","kind":"meeting","when":")j" + FormatDay(day) +
           R"j(","status":"occurred","participants":[)j" + participants + "]}";
  };
  std::mt19937 random(20250204);
  auto pick_participants = [&] {
    std::vector<std::string> chosen;
    for (const std::string& entity : entities) {
      // Son takes part in most events: his timeline spans several pages.
      const int percent = entity == "son-masayoshi" ? 90 : 35;
      if (std::uniform_int_distribution<int>(0, 99)(random) < percent) chosen.push_back(entity);
    }
    if (chosen.empty()) chosen.push_back(entities[2]);
    return chosen;
  };
  std::vector<std::string> first;
  for (const std::string& entity : entities) {
    first.push_back(R"j({"type":"entity","id":")j" + entity + R"j(","name":")j" + entity +
                    R"j(","kind":"person"})j");
  }
  int next_event = 0;
  auto add_events = [&](int count, int first_day, int last_day, std::vector<std::string>* lines) {
    for (int event_idx = 0; event_idx < count; ++event_idx) {
      const std::string id = "ev-" + std::to_string(100000 + next_event++);
      ModelEvent event{"New", std::uniform_int_distribution<int>(first_day, last_day)(random),
                       pick_participants()};
      lines->push_back(line(id, event));
      model[id] = event;
    }
  };
  add_events(300, 0, 3000, &first);
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), first);

  auto check_timelines = [&](int round) {
    INFO("after round " << round);
    std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
    for (const std::string& entity : entities) {
      INFO(entity);
      std::vector<std::tuple<int32_t, std::string, std::string>> expected;
      for (const auto& [id, event] : model) {
        if (std::find(event.participants.begin(), event.participants.end(), entity) !=
            event.participants.end()) {
          expected.emplace_back(Day(2000, 1, 1) + event.day, id, event.title);
        }
      }
      std::sort(expected.begin(), expected.end());
      const std::vector<TimelineRow> rows = Value(store->Timeline(entity, TimelineFilter()));
      std::vector<std::tuple<int32_t, std::string, std::string>> found;
      for (const TimelineRow& row : rows) {
        found.emplace_back(row.earliest_day, row.event_id, row.title);
      }
      CHECK(found == expected);
      std::vector<TimelineRow> viewed;
      REQUIRE(store->ScanTimelineViews(entity, TimelineFilter(), [&](const TimelineRowView& view) {
                       viewed.push_back(ToRow(view));
                     }).ok());
      CHECK(viewed == rows);
      CHECK(RowsOf(Value(store->CollectTimeline(entity, TimelineFilter()))) == rows);
      // A window answers what filtering the whole timeline answers.
      const TimelineFilter window = Between("2003-01-01", "2004-06-30");
      std::vector<TimelineRow> filtered;
      for (const TimelineRow& row : rows) {
        if (window.Matches(row)) filtered.push_back(row);
      }
      CHECK(Value(store->Timeline(entity, window)) == filtered);
      CHECK(RowsOf(Value(store->CollectTimeline(entity, window))) == filtered);
    }
  };
  check_timelines(0);
  const std::map<uint64_t, size_t> bulk_pages = CheckTimelinePages(dir, 128);
  // ~270 of Son's 300 events: full pages but for the last.
  CHECK(bulk_pages.begin()->second == 3);

  for (int round = 1; round <= 25; ++round) {
    std::vector<std::string> lines;
    // New events: most after every stored one (news comes in order), some anywhere.
    add_events(std::uniform_int_distribution<int>(1, 8)(random), 3000 + round * 20,
               3000 + round * 20 + 19, &lines);
    add_events(std::uniform_int_distribution<int>(0, 3)(random), 0, 3000, &lines);
    // Corrections (new versions, recorded later): a new title, a new day or new participants,
    // each of an event stored before this round (one version of an id per import, so that the
    // model's "last wins" is the store's VersionOrder). Ids grow with next_event: this round's
    // events are the model's last.
    std::set<std::string> corrected_ids;
    const size_t stored_events = model.size() - lines.size();
    for (int change = 0; change < 4; ++change) {
      auto it = model.begin();
      std::advance(it, std::uniform_int_distribution<size_t>(0, stored_events - 1)(random));
      if (!corrected_ids.insert(it->first).second) continue;
      ModelEvent corrected = it->second;
      switch (change % 3) {
        case 0: corrected.title = "Corrected " + std::to_string(round); break;
        case 1: corrected.day = std::uniform_int_distribution<int>(0, 3500)(random); break;
        default: corrected.participants = pick_participants(); break;
      }
      lines.push_back(line(it->first, corrected));
      it->second = corrected;
    }
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite), lines, kImportTime + round * 86400);
    if (round % 5 == 0) {
      check_timelines(round);
      CheckTimelinePages(dir, 128);
    }
  }
}

// Imports JSON Lines files of the source tree as one import, recorded at `import_time`.
void ImportFiles(Store& store, const std::vector<std::string>& relative_paths,
                 int64_t import_time) {
  std::vector<std::string> paths;
  for (const std::string& path : relative_paths) {
    paths.push_back(std::string(CHRONICLE_SOURCE_DIR) + "/" + path);
  }
  JsonLinesFileStream stream(paths);
  Result<ImportResult> result = store.Import(stream, At(import_time));
  if (!result.ok()) FAIL(result.status().ToString());
  REQUIRE(result->errors.empty());
}

// tests/storage/data/store-format-3 was written by the last build before timeline pages
// (commit 7516b67): `chronicle import --recorded-at` of samples/stargate.jsonl (2025-03-01),
// samples/stargate-followup.jsonl (2025-03-02) and store-format-3-extra.jsonl (2025-03-03: 300
// events of Sam Altman, 43 of them with Lee Jae-yong), each into the store of the one before.
TEST_CASE("a store of format chronicle-store-3 is read as it is and converted by its next import",
          "[storage][store][pages]") {
  TempDir temp(kTempPrefix);
  const std::string old_dir = temp.Sub("old");
  const std::string new_dir = temp.Sub("new");
  std::filesystem::create_directories(old_dir);
  std::filesystem::copy(std::string(CHRONICLE_SOURCE_DIR) + "/tests/storage/data/store-format-3",
                        old_dir);
  constexpr int64_t kDay = 86400;
  const std::vector<std::vector<std::string>> batches = {
      {"samples/stargate.jsonl"},
      {"samples/stargate-followup.jsonl"},
      {"tests/storage/data/store-format-3-extra.jsonl"}};
  {
    std::unique_ptr<Store> fresh = OpenStore(new_dir, OpenMode::kReadWrite);
    for (size_t batch_idx = 0; batch_idx < batches.size(); ++batch_idx) {
      ImportFiles(*fresh, batches[batch_idx], kImportTime + static_cast<int64_t>(batch_idx) * kDay);
    }
  }
  const std::vector<std::string> entities = {"sam-altman", "lee-jae-yong", "son-masayoshi",
                                             "seoul", "openai", "stargate"};
  std::vector<TimelineFilter> filters = {TimelineFilter(), Between("2022-01-01", "2023-06-30"),
                                         Between("2025-02-04", "")};
  for (int64_t as_of : {kImportTime + kDay / 2, kImportTime + 3 * kDay}) {
    TimelineFilter filter;
    filter.as_of = as_of;
    filters.push_back(filter);
  }
  // Both stores answer alike, with as many rows as there should be.
  auto check_same_answers = [&](const std::string& label) {
    INFO(label);
    std::unique_ptr<Store> old_store = OpenStore(old_dir, OpenMode::kReadOnly);
    std::unique_ptr<Store> new_store = OpenStore(new_dir, OpenMode::kReadOnly);
    for (size_t filter_idx = 0; filter_idx < filters.size(); ++filter_idx) {
      INFO("filter " << filter_idx);
      for (const std::string& entity : entities) {
        INFO(entity);
        const std::vector<TimelineRow> rows =
            Value(new_store->Timeline(entity, filters[filter_idx]));
        CHECK(Value(old_store->Timeline(entity, filters[filter_idx])) == rows);
        CHECK(RowsOf(Value(old_store->CollectTimeline(entity, filters[filter_idx]))) == rows);
        CHECK(RowsOf(Value(new_store->CollectTimeline(entity, filters[filter_idx]))) == rows);
      }
      CHECK(Value(old_store->Events(filters[filter_idx])) ==
            Value(new_store->Events(filters[filter_idx])));
    }
    CHECK(Value(old_store->Plans(kImportTime + kDay)).size() ==
          Value(new_store->Plans(kImportTime + kDay)).size());
    CHECK(Value(old_store->Timeline("sam-altman", TimelineFilter())).size() >= 300);
  };
  CHECK(RawGet(old_dir, "default", MetaKey("format")) == "chronicle-store-3");
  const size_t row_keys = RawKeys(old_dir, "timeline").size();
  check_same_answers("format 3, read as it is");
  // Reading changed nothing.
  CHECK(RawGet(old_dir, "default", MetaKey("format")) == "chronicle-store-3");

  // Opening it for an import converts it: same answers, in pages.
  OpenStore(old_dir, OpenMode::kReadWrite);
  CHECK(RawGet(old_dir, "default", MetaKey("format")) == "chronicle-store-4");
  const std::map<uint64_t, size_t> pages = CheckTimelinePages(old_dir, 128);
  CHECK(RawKeys(old_dir, "timeline").size() < row_keys / 2);
  check_same_answers("converted");
  CHECK(CheckTimelinePages(old_dir, 128) == CheckTimelinePages(new_dir, 128));

  // And both take the same next import.
  const std::vector<std::string> next = {
      R"j({"type":"event","id":"generated-000","title":"Generated event 0, corrected","kind":"statement","when":"2020-01-01","status":"occurred","participants":[{"entity":"sam-altman","role":"speaker"},{"entity":"son-masayoshi"}]})j",
      R"j({"type":"event","id":"late-news","title":"Later news","kind":"statement","when":"2026-01-01","status":"occurred","participants":[{"entity":"sam-altman"},{"entity":"lee-jae-yong"}]})j"};
  ImportOk(*OpenStore(old_dir, OpenMode::kReadWrite), next, kImportTime + 4 * kDay);
  ImportOk(*OpenStore(new_dir, OpenMode::kReadWrite), next, kImportTime + 4 * kDay);
  filters.push_back(TimelineFilter());
  filters.back().as_of = kImportTime + 5 * kDay;
  check_same_answers("after one more import");
  CheckTimelinePages(old_dir, 128);
}

TEST_CASE("a store knows whether any event version may have instants", "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  // Plain dates only (the data set without the meeting pinned to Seoul).
  std::vector<std::string> plain = kDataSet;
  plain.erase(std::find(plain.begin(), plain.end(), kSeochoMeeting));
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), plain);
  CHECK_FALSE(OpenStore(dir, OpenMode::kReadOnly)->MayHaveInstants());

  SECTION("a zone, a part of day or a time of day sets it, and it stays set") {
    const std::string timed = GENERATE(
        std::string(R"j({"type":"event","id":"call","title":"A call","kind":"meeting","when":"2025-02-05","tz":"Asia/Seoul","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j"),
        std::string(R"j({"type":"event","id":"call","title":"A call","kind":"meeting","when":"2025-02-05","part_of_day":"afternoon","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j"),
        std::string(R"j({"type":"event","id":"call","title":"A call","kind":"meeting","when":"2025-02-05T14:00:00Z","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j"));
    INFO(timed);
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite), {timed}, kImportTime + 86400);
    CHECK(OpenStore(dir, OpenMode::kReadOnly)->MayHaveInstants());
    // A later version with a plain date: the first version is still there for --as-of.
    ImportOk(*OpenStore(dir, OpenMode::kReadWrite),
             {R"j({"type":"event","id":"call","title":"A call","kind":"meeting","when":"2025-02-06","status":"occurred","participants":[{"entity":"son-masayoshi"}]})j"},
             kImportTime + 2 * 86400);
    CHECK(OpenStore(dir, OpenMode::kReadOnly)->MayHaveInstants());
  }
  SECTION("counters written before the flag existed may have instants") {
    std::string counters = RawGet(dir, "default", MetaKey("counters"));
    const std::string flag = R"("may_have_instants":false,)";
    REQUIRE(counters.find(flag) != std::string::npos);
    counters.erase(counters.find(flag), flag.size());
    RawPut(dir, "default", MetaKey("counters"), counters);
    CHECK(OpenStore(dir, OpenMode::kReadOnly)->MayHaveInstants());
  }
}

TEST_CASE("a damaged timeline page is reported as corruption by every timeline query",
          "[storage][store][pages]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), kDataSet);
  // Son's page: the timeline key under his internal id.
  EntityCard card;
  REQUIRE(DecodeEntityCard(RawGet(dir, "names", EntityCardKey("son-masayoshi")), &card));
  std::string son_page;
  for (const std::string& key : RawKeys(dir, "timeline")) {
    TimelineKeyParts parts;
    REQUIRE(DecodeTimelineKey(key, &parts));
    if (parts.entity_iid == card.iid) son_page = key;
  }
  REQUIRE_FALSE(son_page.empty());
  RawPut(dir, "timeline", son_page, "not a page");
  std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
  auto require_corruption = [](const Status& status) {
    CHECK(status.code() == StatusCode::kCorruption);
    CHECK(status.message() == "bad timeline page");
  };
  require_corruption(store->Timeline("son-masayoshi", TimelineFilter()).status());
  require_corruption(store->CollectTimeline("son-masayoshi", TimelineFilter()).status());
  require_corruption(
      store->ScanTimelineViews("son-masayoshi", TimelineFilter(), [](const TimelineRowView&) {}));
  require_corruption(
      store->ScanTimeline("son-masayoshi", TimelineFilter(), [](const TimelineRow&) {}));
}

TEST_CASE("a damaged chronicle-store-3 store is not converted, and stays as it was",
          "[storage][store][pages]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.Sub("old");
  std::filesystem::create_directories(dir);
  std::filesystem::copy(std::string(CHRONICLE_SOURCE_DIR) + "/tests/storage/data/store-format-3",
                        dir);
  const std::vector<std::string> row_keys = RawKeys(dir, "timeline");
  REQUIRE(row_keys.size() > 300);
  RawPut(dir, "timeline", row_keys[row_keys.size() / 2], "not a row");
  Result<std::unique_ptr<Store>> opened = Store::Open(dir, OpenMode::kReadWrite);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.status().code() == StatusCode::kCorruption);
  CHECK(opened.status().message() == "bad timeline row in " + dir);
  // Nothing was written: the same format, the same rows, no scratch left.
  CHECK(RawGet(dir, "default", MetaKey("format")) == "chronicle-store-3");
  CHECK(RawKeys(dir, "timeline") == row_keys);
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(dir)) {
    CHECK_FALSE(IsImportScratchDir(entry.path().filename().string()));
  }
}

TEST_CASE("a damaged entity card is reported as corruption", "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), kDataSet);
  RawPut(dir, "names", EntityCardKey("son-masayoshi"), "\x01");
  std::unique_ptr<Store> store = OpenStore(dir, OpenMode::kReadOnly);
  const std::string bad_card = "bad entity card 'son-masayoshi'";

  for (std::string_view reference : {"son-masayoshi", "손정의", "Son Masayoshi"}) {
    INFO("reference " << reference);
    Result<Entity> resolved = store->ResolveEntity(reference);
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.status().code() == StatusCode::kCorruption);
    CHECK(resolved.status().message() == bad_card);
  }
  for (const TimelineFilter& filter : {TimelineFilter(), Between("2025-02", "2025-02")}) {
    Result<std::vector<TimelineRow>> rows = store->Timeline("son-masayoshi", filter);
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.status().code() == StatusCode::kCorruption);
    CHECK(rows.status().message() == bad_card);
  }
  // The other entities' cards still decode.
  CHECK(Value(store->ResolveEntity("이재용")).id == "lee-jae-yong");
  CHECK(EventIds(Value(store->Timeline("lee-jae-yong", TimelineFilter()))) ==
        std::vector<std::string>{"seocho-meeting"});
}

TEST_CASE("plans over a damaged time index or a missing record report corruption",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::string dir = temp.path();
  ImportOk(*OpenStore(dir, OpenMode::kReadWrite), kDataSet);
  const int64_t later = kImportTime + 86400;
  REQUIRE(Value(OpenStore(dir, OpenMode::kReadOnly)->Plans(later)).size() == 1);

  SECTION("a planned event whose record is gone") {
    RawDelete(dir, "records", RecordKey(RecordType::kEvent, "seoul-week"));
    Result<std::vector<PlanOutcome>> plans = OpenStore(dir, OpenMode::kReadOnly)->Plans(later);
    REQUIRE_FALSE(plans.ok());
    CHECK(plans.status().code() == StatusCode::kCorruption);
    CHECK(plans.status().message() ==
          "event 'seoul-week' is in the time index but not in records");
  }
  SECTION("a time index value that does not decode") {
    RawPut(dir, "time", RawKeys(dir, "time").front(), "\x01");
    Result<std::vector<PlanOutcome>> plans = OpenStore(dir, OpenMode::kReadOnly)->Plans(later);
    REQUIRE_FALSE(plans.ok());
    CHECK(plans.status().code() == StatusCode::kCorruption);
    CHECK(plans.status().message() == "bad index value in time");
  }
}

// ---- Import, then query -------------------------------------------------------------------------

TEST_CASE("an import reports what it added under one import number", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportResult result = ImportOk(*store, kDataSet);
  CHECK(result.added == std::map<std::string, size_t>{
                            {"entity", 4}, {"event", 4}, {"relation", 2}, {"source", 2}});
  CHECK(result.versions.empty());
  CHECK(result.unchanged == 0);
  CHECK(result.tx == 1);
  // No scratch files are left behind.
  for (const fs::directory_entry& entry : fs::directory_iterator(temp.path())) {
    CHECK(entry.path().filename().string().rfind("import-", 0) == std::string::npos);
  }
}

TEST_CASE("a timeline lists an entity's events by (earliest, latest, id) with role, place, "
          "sources and date text",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);

  SECTION("a participant in every event") {
    CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) ==
          std::vector<TimelineRow>{SonEarlyStake(), SonFebruaryTalks(), SonSeochoMeeting(),
                                   SonSeoulWeek()});
  }
  SECTION("a place has the role 'place'") {
    CHECK(Value(store->Timeline("seoul", TimelineFilter())) ==
          std::vector<TimelineRow>{
              Row("seocho-meeting", "이재용·손정의 서초 회동", "meeting", "2025-02-04",
                  Day(2025, 2, 4), Day(2025, 2, 4), EventStatus::kOccurred, "place", "seoul",
                  {"chosunbiz-2025-02-04", "yonhap-2025-02-04"}, kFebruary4, "Asia/Seoul"),
              Row("seoul-week", "A week in Seoul", "visit", "2025-02-10/2025-02-16",
                  Day(2025, 2, 10), Day(2025, 2, 16), EventStatus::kPlanned, "place", "seoul",
                  {}, kImportTime)});
  }
  SECTION("a participant without a role is a 'participant'") {
    CHECK(Value(store->Timeline("samsung-electronics", TimelineFilter())) ==
          std::vector<TimelineRow>{Row("early-stake", "Stake built up before 2025", "investment",
                                       "../2025-01-01", kOpenStartDay, Day(2025, 1, 1),
                                       EventStatus::kOccurred, "participant", "", {},
                                       kImportTime)});
  }
  SECTION("an entity in no event has an empty timeline") {
    ImportOk(*store, {R"j({"type":"entity","id":"nobody","name":"Nobody","kind":"other"})j"});
    CHECK(Value(store->Timeline("nobody", TimelineFilter())).empty());
  }
}

TEST_CASE("a timeline keeps the events that overlap [from, to]", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  auto timeline = [&](const TimelineFilter& filter) {
    return Value(store->Timeline("son-masayoshi", filter));
  };

  SECTION("a month overlaps the first days of that month") {
    CHECK(timeline(Between("2025-02-01", "2025-02-03")) ==
          std::vector<TimelineRow>{SonFebruaryTalks()});
  }
  SECTION("an interval overlaps a day inside it") {
    CHECK(timeline(Between("2025-02-12", "2025-02-12")) ==
          std::vector<TimelineRow>{SonFebruaryTalks(), SonSeoulWeek()});
  }
  SECTION("from alone") {
    CHECK(EventIds(timeline(Between("2025-02-05", ""))) ==
          std::vector<std::string>{"softbank-talks-february", "seoul-week"});
    CHECK(EventIds(timeline(Between("2025-03-01", ""))).empty());
  }
  SECTION("to alone") {
    CHECK(timeline(Between("", "2024-12-31")) == std::vector<TimelineRow>{SonEarlyStake()});
    CHECK(EventIds(timeline(Between("", "2025-02-04"))) ==
          std::vector<std::string>{"early-stake", "softbank-talks-february", "seocho-meeting"});
  }
  SECTION("an open start is found for every from up to its end") {
    for (std::string_view from : {"1900-01-01", "2000", "2024-12", "2025-01-01"}) {
      INFO(from);
      CHECK(EventIds(timeline(Between(from, "2025-01-31"))) ==
            std::vector<std::string>{"early-stake"});
    }
    CHECK(EventIds(timeline(Between("2025-01-02", "2025-01-31"))).empty());
  }
  SECTION("by kind") {
    TimelineFilter filter;
    filter.kind = "meeting";
    CHECK(timeline(filter) == std::vector<TimelineRow>{SonFebruaryTalks(), SonSeochoMeeting()});
    filter.kind = "summit";
    CHECK(timeline(filter).empty());
  }
  SECTION("by status") {
    TimelineFilter filter;
    filter.status = EventStatus::kPlanned;
    CHECK(timeline(filter) == std::vector<TimelineRow>{SonSeoulWeek()});
    filter.status = EventStatus::kCancelled;
    CHECK(timeline(filter).empty());
  }
  SECTION("time, kind and status together") {
    TimelineFilter filter = Between("2025-02-04", "2025-02-28");
    filter.kind = "meeting";
    filter.status = EventStatus::kOccurred;
    CHECK(timeline(filter) == std::vector<TimelineRow>{SonSeochoMeeting()});
  }
}

TEST_CASE("a timeline of an unknown entity id is NotFound", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);

  SECTION("empty store") {}
  SECTION("store with data") { ImportOk(*store, kDataSet); }

  for (std::string_view id : {"no-such-entity", "seocho-meeting", "Son Masayoshi"}) {
    INFO(id);
    Result<std::vector<TimelineRow>> rows = store->Timeline(id, TimelineFilter());
    REQUIRE_FALSE(rows.ok());
    CHECK(rows.status().code() == StatusCode::kNotFound);
    CHECK(rows.status().message() == "no entity with id '" + std::string(id) + "'");
    Result<std::vector<EntityRelation>> relations = store->RelationsOf(id);
    REQUIRE_FALSE(relations.ok());
    CHECK(relations.status().code() == StatusCode::kNotFound);
    CHECK(relations.status().message() == "no entity with id '" + std::string(id) + "'");
  }
}

TEST_CASE("events lists every event in timeline order, filtered like a timeline",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);

  SECTION("everything, without roles") {
    CHECK(Value(store->Events(TimelineFilter())) ==
          std::vector<TimelineRow>{WithoutRole(SonEarlyStake()), WithoutRole(SonFebruaryTalks()),
                                   WithoutRole(SonSeochoMeeting()),
                                   WithoutRole(SonSeoulWeek())});
  }
  SECTION("overlap with [from, to]") {
    CHECK(Value(store->Events(Between("2025-02-01", "2025-02-03"))) ==
          std::vector<TimelineRow>{WithoutRole(SonFebruaryTalks())});
    CHECK(EventIds(Value(store->Events(Between("2025-01-01", "2025-02-04")))) ==
          std::vector<std::string>{"early-stake", "softbank-talks-february", "seocho-meeting"});
    CHECK(EventIds(Value(store->Events(Between("2025-02-17", "2025-12-31")))) ==
          std::vector<std::string>{"softbank-talks-february"});
    CHECK(Value(store->Events(Between("2025-03-01", ""))).empty());
  }
  SECTION("by kind and status") {
    TimelineFilter filter;
    filter.kind = "investment";
    CHECK(EventIds(Value(store->Events(filter))) == std::vector<std::string>{"early-stake"});
    filter.kind.reset();
    filter.status = EventStatus::kReported;
    CHECK(EventIds(Value(store->Events(filter))) ==
          std::vector<std::string>{"softbank-talks-february"});
  }
}

TEST_CASE("ScanTimeline and ScanEvents pass the rows Timeline and Events return, in order",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  // Second versions of the Seoul week (last in Son's timeline) and of the early stake (first),
  // recorded later: --as-of answers merge them into the scanned rows.
  ImportOk(*store,
           {R"j({"type":"event","id":"seoul-week","title":"A week in Seoul, moved","kind":"visit","when":"2025-02-17/2025-02-23","status":"planned","place":"seoul","participants":[{"entity":"son-masayoshi"}]})j",
            R"j({"type":"event","id":"early-stake","title":"Stake built up before 2025, revised","kind":"investment","when":"../2025-01-01","status":"occurred","participants":[{"entity":"samsung-electronics"},{"entity":"son-masayoshi","role":"investor"}]})j"},
           kImportTime + 86400);

  auto scanned_timeline = [&](std::string_view entity_id, const TimelineFilter& filter) {
    std::vector<TimelineRow> rows;
    Status status = store->ScanTimeline(entity_id, filter,
                                        [&rows](const TimelineRow& row) { rows.push_back(row); });
    if (!status.ok()) FAIL(status.ToString());
    return rows;
  };
  auto scanned_events = [&](const TimelineFilter& filter) {
    std::vector<TimelineRow> rows;
    Status status =
        store->ScanEvents(filter, [&rows](const TimelineRow& row) { rows.push_back(row); });
    if (!status.ok()) FAIL(status.ToString());
    return rows;
  };
  TimelineFilter meetings;
  meetings.kind = "meeting";
  TimelineFilter planned;
  planned.status = EventStatus::kPlanned;
  TimelineFilter before_second_version;
  before_second_version.as_of = kImportTime;
  TimelineFilter after_second_version = Between("2025-02-01", "2025-02-28");
  after_second_version.as_of = kImportTime + 2 * 86400;
  const std::vector<TimelineFilter> filters = {
      TimelineFilter(),      Between("2025-02-01", "2025-02-03"), Between("", "2025-01-31"),
      Between("2025-02-12", ""), meetings, planned, before_second_version, after_second_version};
  for (size_t filter_idx = 0; filter_idx < filters.size(); ++filter_idx) {
    INFO("filter " << filter_idx);
    for (std::string_view entity_id : {"son-masayoshi", "seoul", "samsung-electronics"}) {
      INFO(entity_id);
      const std::vector<TimelineRow> collected =
          Value(store->Timeline(entity_id, filters[filter_idx]));
      CHECK(scanned_timeline(entity_id, filters[filter_idx]) == collected);
      CHECK(RowsOf(Value(store->CollectTimeline(entity_id, filters[filter_idx]))) == collected);
    }
    CHECK(scanned_events(filters[filter_idx]) == Value(store->Events(filters[filter_idx])));
    CHECK(RowsOf(Value(store->CollectEvents(filters[filter_idx]))) ==
          Value(store->Events(filters[filter_idx])));
  }
  // The filters above are not vacuous: the as-of answers differ, and rows are found.
  CHECK(EventIds(scanned_timeline("seoul", before_second_version)) ==
        std::vector<std::string>{"seocho-meeting", "seoul-week"});
  CHECK(scanned_timeline("seoul", before_second_version)[1].title == "A week in Seoul");
  CHECK(scanned_timeline("seoul", after_second_version)[1].title == "A week in Seoul, moved");
  CHECK(scanned_events(TimelineFilter()).size() == 4);
  CHECK(EventIds(scanned_timeline("son-masayoshi", after_second_version)) ==
        std::vector<std::string>{"softbank-talks-february", "seocho-meeting", "seoul-week"});
  TimelineFilter everything_now;
  everything_now.as_of = kImportTime + 2 * 86400;
  const std::vector<TimelineRow> son_all = scanned_timeline("son-masayoshi", everything_now);
  CHECK(EventIds(son_all) == std::vector<std::string>{"early-stake", "softbank-talks-february",
                                                      "seocho-meeting", "seoul-week"});
  REQUIRE(son_all.size() == 4);
  CHECK(son_all[0].title == "Stake built up before 2025, revised");
  CHECK(son_all[0].versioned);
  CHECK_FALSE(son_all[1].versioned);

  std::vector<TimelineRow> visited;
  Status unknown = store->ScanTimeline("no-such-entity", TimelineFilter(),
                                       [&visited](const TimelineRow& row) { visited.push_back(row); });
  CHECK(unknown.code() == StatusCode::kNotFound);
  CHECK(unknown.message() == "no entity with id 'no-such-entity'");
  CHECK(visited.empty());
}

TEST_CASE("a store opened without caching listing blocks lists the same rows",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  {
    std::unique_ptr<Store> writer = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportOk(*writer, kDataSet);
  }
  std::unique_ptr<Store> cached = OpenStore(temp.path(), OpenMode::kReadOnly);
  Result<std::unique_ptr<Store>> uncached_or =
      Store::Open(temp.path(), OpenMode::kReadOnly, {.cache_listing_blocks = false});
  REQUIRE(uncached_or.ok());
  Store& uncached = **uncached_or;
  TimelineFilter meetings;
  meetings.kind = "meeting";
  for (const TimelineFilter& filter :
       {TimelineFilter(), Between("2025-02-01", "2025-02-03"), Between("2025-02-12", ""), meetings}) {
    for (std::string_view entity_id : {"son-masayoshi", "seoul", "samsung-electronics"}) {
      INFO(entity_id);
      // Twice: the second scan of the uncached store reads its blocks from the file again.
      for (int pass = 0; pass < 2; ++pass) {
        CHECK(Value(uncached.Timeline(entity_id, filter)) ==
              Value(cached->Timeline(entity_id, filter)));
      }
    }
    CHECK(Value(uncached.Events(filter)) == Value(cached->Events(filter)));
  }
  CHECK(Value(uncached.Timeline("son-masayoshi", TimelineFilter())).size() == 4);  // not vacuous
}

TEST_CASE("an event that starts before `from` is found when its span reaches `from`",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  const std::vector<std::string> lines = {
      R"j({"type":"entity","id":"acme","name":"Acme","kind":"organization"})j",
      R"j({"type":"event","id":"old-launch","title":"Old launch","kind":"launch","when":"2010-05-01","status":"occurred","participants":[{"entity":"acme"}]})j",
      R"j({"type":"event","id":"decade-plan","title":"Decade plan","kind":"project","when":"2015/2024","status":"occurred","participants":[{"entity":"acme"}]})j",
      R"j({"type":"event","id":"ongoing-build","title":"Ongoing build","kind":"project","when":"2020-03-01/..","status":"occurred","participants":[{"entity":"acme"}]})j",
      R"j({"type":"event","id":"open-ended-audit","title":"Audit, end unknown","kind":"audit","when":"2021-01-01/","status":"occurred","participants":[{"entity":"acme"}]})j",
      R"j({"type":"event","id":"year-end-review","title":"Year-end review","kind":"meeting","when":"2024-12-30","status":"occurred","participants":[{"entity":"acme"}]})j",
      R"j({"type":"event","id":"since-forever","title":"Since forever","kind":"membership","when":"../2024-06-01","status":"occurred","participants":[{"entity":"acme"}]})j",
  };
  {
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportOk(*store, lines);
  }
  // The longest span is kept with the store: a reopened store seeks with it too.
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadOnly);
  auto both = [&](const TimelineFilter& filter) {
    std::vector<std::string> timeline = EventIds(Value(store->Timeline("acme", filter)));
    std::vector<std::string> events = EventIds(Value(store->Events(filter)));
    CHECK(timeline == events);
    return timeline;
  };

  SECTION("a ten-year interval reaches into the last days of its last year") {
    CHECK(both(Between("2024-12-31", "2024-12-31")) ==
          std::vector<std::string>{"decade-plan", "ongoing-build", "open-ended-audit"});
    CHECK(both(Between("2024-12-01", "")) ==
          std::vector<std::string>{"decade-plan", "ongoing-build", "open-ended-audit",
                                   "year-end-review"});
  }
  SECTION("an open start reaches every day up to its end") {
    CHECK(both(Between("2024-05-01", "2024-06-01")) ==
          std::vector<std::string>{"since-forever", "decade-plan", "ongoing-build",
                                   "open-ended-audit"});
    CHECK(both(Between("2024-06-02", "2024-06-30")) ==
          std::vector<std::string>{"decade-plan", "ongoing-build", "open-ended-audit"});
  }
  SECTION("an open or unknown end reaches every later day") {
    CHECK(both(Between("2040-01-01", "")) ==
          std::vector<std::string>{"ongoing-build", "open-ended-audit"});
    CHECK(both(Between("9999-12-31", "9999-12-31")) ==
          std::vector<std::string>{"ongoing-build", "open-ended-audit"});
  }
  SECTION("an event that ends before `from` is left out") {
    CHECK(both(Between("2010-05-02", "2014-12-31")) == std::vector<std::string>{"since-forever"});
  }
}

TEST_CASE("entities are listed by normalised name, optionally of one kind", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  // Sorted by normalised name, not by id or by the name's bytes: "arm" before "Lee".
  ImportOk(*store, {R"j({"type":"entity","id":"zz-arm","name":"arm","kind":"organization"})j"});

  CHECK(EntityIds(Value(store->Entities(std::nullopt))) ==
        std::vector<std::string>{"zz-arm", "lee-jae-yong", "samsung-electronics", "seoul",
                                 "son-masayoshi"});
  CHECK(EntityIds(Value(store->Entities(EntityKind::kPerson))) ==
        std::vector<std::string>{"lee-jae-yong", "son-masayoshi"});
  CHECK(EntityIds(Value(store->Entities(EntityKind::kOrganization))) ==
        std::vector<std::string>{"zz-arm", "samsung-electronics"});
  CHECK(Value(store->Entities(EntityKind::kPlace)) ==
        std::vector<Entity>{std::get<Entity>(Parse(kSeoul))});
  CHECK(Value(store->Entities(EntityKind::kProject)).empty());
}

TEST_CASE("relations are found from both ends, with their direction", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  const Relation partners = std::get<Relation>(Parse(kPartnersResolved));
  const Relation chairs = std::get<Relation>(Parse(kChairs));

  SECTION("the from end sees it outgoing") {
    std::vector<EntityRelation> relations = Value(store->RelationsOf("son-masayoshi"));
    REQUIRE(relations.size() == 1);
    CHECK(relations[0].relation == partners);
    CHECK(relations[0].outgoing);
  }
  SECTION("the to end sees it incoming; undated relations come first") {
    std::vector<EntityRelation> relations = Value(store->RelationsOf("samsung-electronics"));
    REQUIRE(relations.size() == 2);
    CHECK(relations[0].relation == chairs);
    CHECK_FALSE(relations[0].outgoing);
    CHECK(relations[1].relation == partners);
    CHECK_FALSE(relations[1].outgoing);
  }
  SECTION("an entity in no relation has none") {
    CHECK(Value(store->RelationsOf("seoul")).empty());
  }
  SECTION("a relation from an entity to itself is listed once, outgoing") {
    ImportOk(*store, {R"j({"type":"relation","id":"seoul-twinned-seoul","kind":"twinned_with","from":"seoul","to":"서울"})j"});
    std::vector<EntityRelation> relations = Value(store->RelationsOf("seoul"));
    REQUIRE(relations.size() == 1);
    CHECK(relations[0].relation.id == "seoul-twinned-seoul");
    CHECK(relations[0].relation.to == "seoul");
    CHECK(relations[0].outgoing);
  }
}

TEST_CASE("a stored record equals the imported one with references resolved to ids",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"yonhap-2025-02-04", kYonhap},
      {"chosunbiz-2025-02-04", kChosun},
      {"son-masayoshi", kSon},
      {"samsung-electronics", kSamsung},
      {"softbank-talks-february", kFebruaryTalksResolved},
      {"seocho-meeting", kSeochoMeetingResolved},
      {"seoul-week", kSeoulWeekResolved},
      {"early-stake", kEarlyStake},
      {"son-partners-samsung", kPartnersResolved},
      {"lee-chairs-samsung", kChairs},
  };
  for (const auto& [id, line] : expected) {
    INFO(id);
    std::optional<Record> record = Value(store->GetRecord(id));
    REQUIRE(record.has_value());
    CHECK(*record == Parse(line));
  }
  CHECK_FALSE(Value(store->GetRecord("no-such-record")).has_value());
  CHECK_FALSE(Value(store->GetRecord("")).has_value());
}

TEST_CASE("an entity is resolved by id, name or alias in any case", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  // ResolveEntity reads the entity's card: id, name, kind and aliases, not the description.
  Entity son = std::get<Entity>(Parse(kSon));
  son.description.clear();
  son.attributes = nlohmann::json::object();

  for (std::string_view reference :
       {"son-masayoshi", "Son Masayoshi", "  son   MASAYOSHI ", "손정의", "孫正義"}) {
    INFO(reference);
    CHECK(Value(store->ResolveEntity(reference)) == son);
  }
  CHECK(Value(store->ResolveEntity("삼성전자")).id == "samsung-electronics");
  CHECK(Value(store->ResolveEntity("jay y. lee")).id == "lee-jae-yong");

  Result<Entity> unknown = store->ResolveEntity("qqqqqqqqqqqqqqqqqqqq");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.status().code() == StatusCode::kNotFound);
  CHECK(unknown.status().message() == "no entity named 'qqqqqqqqqqqqqqqqqqqq'");

  // An event id is not an entity, and nothing else is named after it.
  Result<Entity> event = store->ResolveEntity("seocho-meeting");
  REQUIRE_FALSE(event.ok());
  CHECK(event.status().code() == StatusCode::kNotFound);
}

TEST_CASE("a name or alias shared by two stored entities is ambiguous", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store,
           {R"j({"type":"entity","id":"alice-smith","name":"Alice Smith","kind":"person","aliases":["Alice"]})j",
            R"j({"type":"entity","id":"alice-jones","name":"Alice Jones","kind":"person","aliases":["Alice"]})j"});

  // The name index holds both under the normalised alias (in internal-id order).
  std::vector<std::string> ids = Value(store->FindEntitiesByName("alice"));
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"alice-jones", "alice-smith"});

  // The message echoes the reference as given and lists the ids in byte order.
  for (std::string_view reference : {"alice", "ALICE", "Alice"}) {
    INFO(reference);
    Result<Entity> resolved = store->ResolveEntity(reference);
    REQUIRE_FALSE(resolved.ok());
    CHECK(resolved.status().code() == StatusCode::kAmbiguous);
    CHECK(resolved.status().message() == "'" + std::string(reference) +
                                             "' names 2 entities: alice-jones, alice-smith"
                                             " (use an id)");
  }

  // Their ids and their own names still denote one entity each.
  CHECK(Value(store->ResolveEntity("alice-smith")).id == "alice-smith");
  CHECK(Value(store->ResolveEntity("alice jones")).id == "alice-jones");
  CHECK(Value(store->FindEntitiesByName("alice smith")) == std::vector<std::string>{"alice-smith"});
}

TEST_CASE("stats count records, kinds, statuses, imports and the dated span",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);

  StoreStats stats = Value(store->Stats());
  CHECK(stats.records == std::map<std::string, uint64_t>{
                             {"entity", 4}, {"event", 4}, {"relation", 2}, {"source", 2}});
  CHECK(stats.entity_kinds ==
        std::map<std::string, uint64_t>{{"organization", 1}, {"person", 2}, {"place", 1}});
  CHECK(stats.event_statuses ==
        std::map<std::string, uint64_t>{{"occurred", 2}, {"planned", 1}, {"reported", 1}});
  CHECK(stats.imports == 1);
  // The open start of early-stake is left out; its end is before the other events.
  CHECK(stats.first_day == Day(2025, 2, 1));
  CHECK(stats.last_day == Day(2025, 2, 28));
  CHECK(stats.disk_bytes > 0);
}

TEST_CASE("stats span the dated ends of events with an open end", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store,
           {R"j({"type":"event","id":"since-long-ago","title":"Since long ago","kind":"membership","when":"../2025-03-01","status":"occurred"})j",
            R"j({"type":"event","id":"one-day","title":"One day","kind":"meeting","when":"2025-01-05","status":"occurred"})j",
            R"j({"type":"event","id":"from-now-on","title":"From now on","kind":"project","when":"2024-11-20/..","status":"occurred"})j"});

  StoreStats stats = Value(store->Stats());
  // from-now-on starts first; since-long-ago ends last.
  CHECK(stats.first_day == Day(2024, 11, 20));
  CHECK(stats.last_day == Day(2025, 3, 1));
}

// ---- Atomicity ------------------------------------------------------------------------------

TEST_CASE("an import with a bad record writes nothing", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  const Snapshot before = TakeSnapshot(*store, temp.path());

  // New good records that refer to stored ones, around one event with an unknown participant.
  const std::vector<std::string> good_before = {
      R"j({"type":"entity","id":"choi-tae-won","name":"Choi Tae-won","kind":"person","aliases":["최태원"]})j",
      R"j({"type":"event","id":"sk-meeting","title":"SK meets SoftBank","kind":"meeting","when":"2025-02-05","status":"occurred","participants":[{"entity":"최태원"},{"entity":"손정의"}]})j",
  };
  const std::string bad =
      R"j({"type":"event","id":"ghost-meeting","title":"Ghost meeting","kind":"meeting","when":"2025-02-06","status":"occurred","participants":[{"entity":"son-masayoshi"},{"entity":"Qqqqqqqqqqqqqqqqqqqq"}]})j";
  const std::string good_after =
      R"j({"type":"relation","id":"choi-meets-son","kind":"knows","from":"choi-tae-won","to":"son-masayoshi"})j";

  Result<ImportResult> result =
      store->Import(Inputs({good_before[0], good_before[1], bad, good_after}), At(kImportTime));
  REQUIRE(result.ok());
  REQUIRE(result->errors.size() == 1);
  const Status& error = result->errors[0];
  CHECK(error.code() == StatusCode::kNotFound);
  CHECK(error.message() == "no entity named 'Qqqqqqqqqqqqqqqqqqqq'");
  CHECK(error.location().file == "test.jsonl");
  CHECK(error.location().line == 3);
  CHECK(error.location().field == "participants[1].entity");
  CHECK(result->added.empty());
  CHECK(result->tx == 0);

  CHECK(TakeSnapshot(*store, temp.path()) == before);
  CHECK_FALSE(Value(store->GetRecord("choi-tae-won")).has_value());
  CHECK_FALSE(Value(store->GetRecord("sk-meeting")).has_value());
  CHECK_FALSE(Value(store->GetRecord("choi-meets-son")).has_value());
  CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) ==
        std::vector<TimelineRow>{SonEarlyStake(), SonFebruaryTalks(), SonSeochoMeeting(),
                                 SonSeoulWeek()});
  Result<Entity> choi = store->ResolveEntity("최태원");
  REQUIRE_FALSE(choi.ok());
  CHECK(choi.status().code() == StatusCode::kNotFound);

  SECTION("the next good import still works, with the next import number") {
    ImportResult next = ImportOk(*store, {good_before[0], good_before[1], good_after});
    CHECK(next.added ==
          std::map<std::string, size_t>{{"entity", 1}, {"event", 1}, {"relation", 1}});
    CHECK(next.tx == 2);
    CHECK(Value(store->ResolveEntity("최태원")).id == "choi-tae-won");
    CHECK(Value(store->Timeline("son-masayoshi", Between("2025-02-05", "2025-02-05"))) ==
          std::vector<TimelineRow>{
              SonFebruaryTalks(),
              Row("sk-meeting", "SK meets SoftBank", "meeting", "2025-02-05", Day(2025, 2, 5),
                  Day(2025, 2, 5), EventStatus::kOccurred, "participant", "", {}, kImportTime)});
    CHECK(EventIds(Value(store->Timeline("choi-tae-won", TimelineFilter()))) ==
          std::vector<std::string>{"sk-meeting"});
    StoreStats stats = Value(store->Stats());
    CHECK(stats.imports == 2);
    CHECK(stats.records == std::map<std::string, uint64_t>{
                               {"entity", 5}, {"event", 5}, {"relation", 3}, {"source", 2}});
  }
}

TEST_CASE("re-importing identical records changes nothing", "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  const Snapshot before = TakeSnapshot(*store, temp.path());

  // As written: references by name resolve to the same ids as before.
  // At a later import time too: the unsourced records are identical to their stored version.
  ImportResult again = ImportOk(*store, kDataSet, kImportTime + 86'400);
  CHECK(again.added.empty());
  CHECK(again.versions.empty());
  CHECK(again.unchanged == kDataSet.size());
  CHECK(again.tx == 0);
  CHECK(TakeSnapshot(*store, temp.path()) == before);

  // A stored record written with resolved references is identical too.
  ImportResult resolved = ImportOk(*store, {kSeochoMeetingResolved, kPartnersResolved});
  CHECK(resolved.added.empty());
  CHECK(resolved.unchanged == 2);
  CHECK(resolved.tx == 0);
  CHECK(TakeSnapshot(*store, temp.path()) == before);
}

TEST_CASE("a record whose id is stored with different content is a new version",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kDataSet);
  const Snapshot before = TakeSnapshot(*store, temp.path());

  // The same sources, the day corrected: the same record time, so the version order falls to
  // the content ("2025-02-05" sorts after "2025-02-04"), and this version becomes current.
  const std::string changed =
      R"j({"type":"event","id":"seocho-meeting","title":"이재용·손정의 서초 회동","kind":"meeting","when":"2025-02-05","tz":"Asia/Seoul","status":"occurred","place":"seoul","participants":[{"entity":"lee-jae-yong","role":"host"},{"entity":"son-masayoshi","role":"guest"}],"sources":[{"source":"chosunbiz-2025-02-04","quote":"좋은 논의"},{"source":"yonhap-2025-02-04"}]})j";
  const std::string new_entity =
      R"j({"type":"entity","id":"choi-tae-won","name":"Choi Tae-won","kind":"person"})j";

  SECTION("an id stored as another type is refused") {
    Result<ImportResult> other = store->Import(
        Inputs({R"j({"type":"entity","id":"seocho-meeting","name":"Seocho","kind":"place"})j"}),
        At(kImportTime));
    REQUIRE(other.ok());
    REQUIRE(other->errors.size() == 1);
    CHECK(other->errors[0].message() == "id 'seocho-meeting' is already used by a stored event");
    CHECK(other->errors[0].location().field == "id");
    CHECK(other->tx == 0);
    CHECK(TakeSnapshot(*store, temp.path()) == before);
  }
  SECTION("a source cannot change: the whole import is refused") {
    const std::string retitled =
        R"j({"type":"source","id":"yonhap-2025-02-04","title":"다른 제목","publisher":"연합뉴스 (Yonhap News Agency)","published":"2025-02-04","language":"ko"})j";
    Result<ImportResult> result =
        store->Import(Inputs({new_entity, retitled, changed}), At(kImportTime));
    REQUIRE(result.ok());
    REQUIRE(result->errors.size() == 1);
    const Status& error = result->errors[0];
    CHECK(error.code() == StatusCode::kInvalidArgument);
    CHECK(error.message() ==
          "a different source with id 'yonhap-2025-02-04' is already stored; a source cannot "
          "change (its published date dates what cites it)");
    CHECK(error.location().file == "test.jsonl");
    CHECK(error.location().line == 2);
    CHECK(error.location().field == "id");
    CHECK(result->added.empty());
    CHECK(result->versions.empty());
    CHECK(result->tx == 0);
    CHECK(TakeSnapshot(*store, temp.path()) == before);
    CHECK(Value(store->Versions("seocho-meeting")).size() == 1);
  }
  SECTION("a different event is stored as a second version of its id") {
    ImportResult result = ImportOk(*store, {new_entity, kSon, changed});
    CHECK(result.added == std::map<std::string, size_t>{{"entity", 1}});
    CHECK(result.versions == std::map<std::string, size_t>{{"event", 1}});
    CHECK(result.unchanged == 1);  // kSon
    CHECK(result.tx == 2);

    CHECK(Value(store->GetRecord("seocho-meeting")) == std::optional<Record>(Parse(changed)));
    const std::vector<RecordVersion> versions = Value(store->Versions("seocho-meeting"));
    CHECK(versions ==
          std::vector<RecordVersion>{
              {Parse(kSeochoMeetingResolved), kFebruary4, "chosunbiz-2025-02-04", 1},
              {Parse(changed), kFebruary4, "chosunbiz-2025-02-04", 2}});
    // Both were recorded at the same instant: the later one in version order is in effect.
    CHECK(Value(store->GetRecord("seocho-meeting", kFebruary4)) ==
          std::optional<Record>(Parse(changed)));
    CHECK_FALSE(Value(store->GetRecord("seocho-meeting", kFebruary4 - 1)).has_value());
    // A correction from the same source is no conflict.
    CHECK(Value(store->Conflicts("seocho-meeting")).empty());

    TimelineRow seocho_for_son =
        Row("seocho-meeting", "이재용·손정의 서초 회동", "meeting", "2025-02-05", Day(2025, 2, 5),
            Day(2025, 2, 5), EventStatus::kOccurred, "guest", "seoul",
            {"chosunbiz-2025-02-04", "yonhap-2025-02-04"}, kFebruary4, "Asia/Seoul");
    seocho_for_son.versioned = true;
    CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) ==
          std::vector<TimelineRow>{SonEarlyStake(), SonFebruaryTalks(), seocho_for_son,
                                   SonSeoulWeek()});
    // The old day's entry is gone from both indexes.
    CHECK(EventIds(Value(store->Events(Between("2025-02-04", "2025-02-04")))) ==
          std::vector<std::string>{"softbank-talks-february"});
    CHECK(EventIds(Value(store->Timeline("lee-jae-yong", Between("2025-02-04", "2025-02-04"))))
              .empty());

    // A version is not a record: only the new entity is counted.
    StoreStats stats = Value(store->Stats());
    CHECK(stats.records == std::map<std::string, uint64_t>{
                               {"entity", 5}, {"event", 4}, {"relation", 2}, {"source", 2}});
    CHECK(stats.event_statuses ==
          std::map<std::string, uint64_t>{{"occurred", 2}, {"planned", 1}, {"reported", 1}});
    CHECK(stats.imports == 2);

    // Importing either version again changes nothing.
    ImportResult again = ImportOk(*store, {kSeochoMeeting, changed});
    CHECK(again.added.empty());
    CHECK(again.versions.empty());
    CHECK(again.unchanged == 2);
    CHECK(again.tx == 0);
    CHECK(Value(store->Versions("seocho-meeting")) == versions);
  }
}

// ---- Persistence ------------------------------------------------------------------------------

TEST_CASE("a closed store reopens read-only with everything in it", "[storage][store]") {
  TempDir temp(kTempPrefix);
  Snapshot written;
  {
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportOk(*store, kDataSet);
    written = TakeSnapshot(*store, temp.path());
  }
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadOnly);
  CHECK(TakeSnapshot(*store, temp.path()) == written);
  CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) ==
        std::vector<TimelineRow>{SonEarlyStake(), SonFebruaryTalks(), SonSeochoMeeting(),
                                 SonSeoulWeek()});
  CHECK(Value(store->ResolveEntity("서울")).id == "seoul");
  CHECK(Value(store->Stats()).imports == 1);
}

TEST_CASE("a later import refers to stored entities and extends their timelines",
          "[storage][store]") {
  TempDir temp(kTempPrefix);
  {
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportOk(*store, kDataSet);
  }
  {
    // New entities get internal ids of their own: a timeline shared by an old and a new
    // entity would show the other's events.
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportResult second = ImportOk(
        *store,
        {R"j({"type":"entity","id":"choi-tae-won","name":"Choi Tae-won","kind":"person","aliases":["최태원"]})j",
         R"j({"type":"entity","id":"sk-group","name":"SK Group","kind":"organization","aliases":["SK그룹"]})j",
         R"j({"type":"event","id":"sk-meeting","title":"SK meets SoftBank","kind":"meeting","when":"2025-02-05","status":"occurred","place":"서울","participants":[{"entity":"최태원","role":"host"},{"entity":"손정의","role":"guest"}],"sources":[{"source":"yonhap-2025-02-04"}]})j",
         R"j({"type":"relation","id":"choi-chairs-sk","kind":"chairs","from":"최태원","to":"SK그룹"})j"});
    CHECK(second.added == std::map<std::string, size_t>{
                              {"entity", 2}, {"event", 1}, {"relation", 1}});
    CHECK(second.tx == 2);
  }
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadOnly);
  const TimelineRow sk_meeting_for_son =
      Row("sk-meeting", "SK meets SoftBank", "meeting", "2025-02-05", Day(2025, 2, 5),
          Day(2025, 2, 5), EventStatus::kOccurred, "guest", "seoul", {"yonhap-2025-02-04"},
          kFebruary4);
  CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) ==
        std::vector<TimelineRow>{SonEarlyStake(), SonFebruaryTalks(), SonSeochoMeeting(),
                                 sk_meeting_for_son, SonSeoulWeek()});
  CHECK(EventIds(Value(store->Timeline("seoul", TimelineFilter()))) ==
        std::vector<std::string>{"seocho-meeting", "sk-meeting", "seoul-week"});
  CHECK(EventIds(Value(store->Timeline("choi-tae-won", TimelineFilter()))) ==
        std::vector<std::string>{"sk-meeting"});
  CHECK(Value(store->Timeline("sk-group", TimelineFilter())).empty());
  CHECK(EventIds(Value(store->Timeline("lee-jae-yong", TimelineFilter()))) ==
        std::vector<std::string>{"seocho-meeting"});
  CHECK(EventIds(Value(store->Timeline("samsung-electronics", TimelineFilter()))) ==
        std::vector<std::string>{"early-stake"});

  std::vector<EntityRelation> sk_relations = Value(store->RelationsOf("sk-group"));
  REQUIRE(sk_relations.size() == 1);
  CHECK(sk_relations[0].relation.id == "choi-chairs-sk");
  CHECK(sk_relations[0].relation.from == "choi-tae-won");
  CHECK_FALSE(sk_relations[0].outgoing);
  CHECK(Value(store->RelationsOf("lee-jae-yong")).size() == 1);

  StoreStats stats = Value(store->Stats());
  CHECK(stats.imports == 2);
  CHECK(stats.records == std::map<std::string, uint64_t>{
                             {"entity", 6}, {"event", 5}, {"relation", 3}, {"source", 2}});
  CHECK(stats.entity_kinds ==
        std::map<std::string, uint64_t>{{"organization", 2}, {"person", 3}, {"place", 1}});
  CHECK(stats.event_statuses ==
        std::map<std::string, uint64_t>{{"occurred", 3}, {"planned", 1}, {"reported", 1}});
}

}  // namespace
}  // namespace chronicle::storage
