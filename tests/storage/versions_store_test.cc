// Versions through the Store: a record re-imported with other content is a new version; the
// current version is the latest under VersionOrder; --as-of answers come from the versions
// recorded by then; answers do not depend on the order of imports. Also the BulkWriter's
// deletions, which retire superseded index entries.
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/import.h"
#include "core/model.h"
#include "core/record_json.h"
#include "core/status.h"
#include "core/timeline.h"
#include "core/versions.h"
#include "storage/bulk_writer.h"
#include "storage/key_codec.h"
#include "storage/store.h"
#include "storage/store_impl.h"
#include "store_test_util.h"

// Readable failure messages for conflicts (the other printers are in store_test_util.h).
namespace Catch {
template <>
struct StringMaker<chronicle::FieldConflict> {
  static std::string convert(const chronicle::FieldConflict& conflict) {
    std::ostringstream out;
    out << "{" << conflict.record_id << " " << conflict.field << " "
        << chronicle::ConflictKindName(conflict.kind) << ":";
    for (const chronicle::ConflictValue& value : conflict.values) {
      out << " " << value.value << " <-";
      for (const chronicle::ConflictClaim& claim : value.claims) {
        out << " (" << claim.source << " " << claim.recorded_at << " tx" << claim.tx << ")";
      }
    }
    out << "}";
    return out.str();
  }
};
}  // namespace Catch

namespace chronicle::storage {
namespace {

namespace fs = std::filesystem;
using namespace test;  // NOLINT(google-build-using-namespace): the shared test helpers

constexpr std::string_view kTempPrefix = "chronicle-versions-test";

// Record times after kFebruary4 (store_test_util.h): midnight UTC of the day a source was
// published.
constexpr int64_t kFebruary5 = kFebruary4 + 86'400;
constexpr int64_t kFebruary6 = kFebruary5 + 86'400;

// --as-of instants: the end of a UTC day (ParseAsOf of "2025-02-0N").
int64_t EndOf(std::string_view day) { return Value(ParseAsOf(day)); }

TimelineFilter AsOf(int64_t instant) {
  TimelineFilter filter;
  filter.as_of = instant;
  return filter;
}

TimelineRow WithRole(TimelineRow row, std::string role) {
  row.role = std::move(role);
  return row;
}

RecordVersion Version(const std::string& line, int64_t recorded_at, std::string source,
                      uint64_t tx) {
  return RecordVersion{Parse(line), recorded_at, std::move(source), tx};
}

// ---- The data -----------------------------------------------------------------------------------

const std::string kYonhap =
    R"j({"type":"source","id":"yonhap-2025-02-04","title":"올트먼 방한","publisher":"연합뉴스","published":"2025-02-04"})j";
const std::string kChosun4 =
    R"j({"type":"source","id":"chosunbiz-2025-02-04","title":"스타게이트 투자","publisher":"조선비즈","published":"2025-02-04"})j";
const std::string kChosun5 =
    R"j({"type":"source","id":"chosunbiz-2025-02-05","title":"올트먼 인도 방문","publisher":"조선비즈","published":"2025-02-05"})j";
const std::string kHankyung6 =
    R"j({"type":"source","id":"hankyung-2025-02-06","title":"카카오 협력","publisher":"한국경제","published":"2025-02-06"})j";
const std::string kAltman =
    R"j({"type":"entity","id":"sam-altman","name":"Sam Altman","kind":"person","aliases":["샘 올트먼"]})j";
const std::string kModi =
    R"j({"type":"entity","id":"narendra-modi","name":"Narendra Modi","kind":"person","aliases":["나렌드라 모디"]})j";
const std::string kIndia =
    R"j({"type":"entity","id":"india","name":"India","kind":"place","aliases":["인도"]})j";
const std::string kSoftBank =
    R"j({"type":"entity","id":"softbank","name":"SoftBank Group","kind":"organization","aliases":["소프트뱅크"]})j";

// The India visit: planned as of 4 February (Yonhap), occurred on the 5th (Chosun Biz of the
// 5th, which also cites Yonhap). Modi takes part in the planned version only.
const std::string kVisitPlanned =
    R"j({"type":"event","id":"altman-india-visit","title":"Sam Altman to visit India","kind":"visit","when":"2025-02","status":"planned","place":"india","participants":[{"entity":"sam-altman","role":"visitor"},{"entity":"narendra-modi","role":"host"}],"sources":[{"source":"yonhap-2025-02-04","quote":"인도를 방문할 예정"}]})j";
const std::string kVisitOccurred =
    R"j({"type":"event","id":"altman-india-visit","title":"Sam Altman visits India","kind":"visit","when":"2025-02-05","status":"occurred","place":"india","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"chosunbiz-2025-02-05"},{"source":"yonhap-2025-02-04"}]})j";
// Written with a name and an alias: stored as kVisitOccurred.
const std::string kVisitOccurredByName =
    R"j({"type":"event","id":"altman-india-visit","title":"Sam Altman visits India","kind":"visit","when":"2025-02-05","status":"occurred","place":"인도","participants":[{"entity":"SAM ALTMAN","role":"visitor"}],"sources":[{"source":"chosunbiz-2025-02-05"},{"source":"yonhap-2025-02-04"}]})j";

// Two papers of the same day disagree on the amount. Same record time, same status: the
// version order falls to the text, where "chosunbiz-…" sorts before "yonhap-…", so the
// Yonhap version is current whatever the import order.
const std::string kInvestment730 =
    R"j({"type":"event","id":"stargate-investment","title":"Stargate investment in Korea","kind":"investment","when":"2025-01-21","status":"reported","participants":[{"entity":"softbank","role":"investor"}],"sources":[{"source":"yonhap-2025-02-04"}],"attributes":{"amount":"약 730조원"}})j";
const std::string kInvestment729 =
    R"j({"type":"event","id":"stargate-investment","title":"Stargate investment in Korea","kind":"investment","when":"2025-01-21","status":"reported","participants":[{"entity":"softbank","role":"investor"}],"sources":[{"source":"chosunbiz-2025-02-04"}],"attributes":{"amount":"약 729조원"}})j";

// Batch A (as of 4 February) and batch B (the follow-up). Each is self-contained, so that
// either can be imported first.
const std::vector<std::string> kBatchA = {kYonhap,       kAltman,       kModi,         kIndia,
                                          kSoftBank,     kVisitPlanned, kInvestment730};
const std::vector<std::string> kBatchB = {kChosun4, kChosun5,       kYonhap,       kAltman,
                                          kIndia,   kSoftBank,      kVisitOccurred, kInvestment729};

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Rows of the visit and the investment as the indexes show them (no role: add one with WithRole).
TimelineRow VisitPlannedRow() {
  TimelineRow row;
  row.event_id = "altman-india-visit";
  row.title = "Sam Altman to visit India";
  row.kind = "visit";
  row.when = "2025-02";
  row.earliest_day = Day(2025, 2, 1);
  row.latest_day = Day(2025, 2, 28);
  row.status = EventStatus::kPlanned;
  row.place = "india";
  row.sources = {"yonhap-2025-02-04"};
  row.recorded_at = kFebruary4;
  row.versioned = true;
  return row;
}
TimelineRow VisitOccurredRow() {
  TimelineRow row;
  row.event_id = "altman-india-visit";
  row.title = "Sam Altman visits India";
  row.kind = "visit";
  row.when = "2025-02-05";
  row.earliest_day = Day(2025, 2, 5);
  row.latest_day = Day(2025, 2, 5);
  row.status = EventStatus::kOccurred;
  row.place = "india";
  row.sources = {"chosunbiz-2025-02-05", "yonhap-2025-02-04"};
  row.recorded_at = kFebruary5;
  row.versioned = true;
  return row;
}
TimelineRow InvestmentRow(bool versioned) {
  TimelineRow row;
  row.event_id = "stargate-investment";
  row.title = "Stargate investment in Korea";
  row.kind = "investment";
  row.when = "2025-01-21";
  row.earliest_day = Day(2025, 1, 21);
  row.latest_day = Day(2025, 1, 21);
  row.status = EventStatus::kReported;
  row.sources = {"yonhap-2025-02-04"};
  row.recorded_at = kFebruary4;
  row.versioned = versioned;
  return row;
}

// ---- What the queries say, to compare stores ----------------------------------------------------

RecordVersion WithoutTx(RecordVersion version) {
  version.tx = 0;
  return version;
}

std::vector<RecordVersion> WithoutTx(std::vector<RecordVersion> versions) {
  for (RecordVersion& version : versions) version.tx = 0;
  return versions;
}

std::vector<FieldConflict> WithoutTx(std::vector<FieldConflict> conflicts) {
  for (FieldConflict& conflict : conflicts) {
    for (ConflictValue& value : conflict.values) {
      for (ConflictClaim& claim : value.claims) claim.tx = 0;
    }
  }
  return conflicts;
}

using PlanTuple = std::tuple<std::string, RecordVersion, std::optional<RecordVersion>>;

std::vector<PlanTuple> PlanTuples(const std::vector<PlanOutcome>& plans, bool keep_tx) {
  std::vector<PlanTuple> tuples;
  for (const PlanOutcome& plan : plans) {
    std::optional<RecordVersion> outcome = plan.outcome;
    if (outcome && !keep_tx) outcome = WithoutTx(*outcome);
    tuples.emplace_back(plan.id, keep_tx ? plan.planned : WithoutTx(plan.planned), outcome);
  }
  return tuples;
}

const std::vector<std::string> kViewIds = {
    "yonhap-2025-02-04", "chosunbiz-2025-02-04", "chosunbiz-2025-02-05", "sam-altman",
    "narendra-modi",     "india",                "softbank",             "altman-india-visit",
    "stargate-investment"};
const std::vector<std::string> kViewEntities = {"sam-altman", "narendra-modi", "india",
                                                "softbank"};

// Everything the store answers about kViewIds, now and as of several instants. With keep_tx
// false, import numbers are left out (they depend on the order of imports, and are for
// display only).
struct View {
  std::map<std::string, uint64_t> records, entity_kinds, event_statuses;
  std::vector<std::vector<RecordVersion>> versions;
  std::vector<std::vector<std::optional<Record>>> records_as_of;
  std::vector<std::vector<std::vector<TimelineRow>>> timelines;
  std::vector<std::vector<TimelineRow>> events;
  std::vector<std::vector<std::vector<std::pair<Relation, bool>>>> relations;
  std::vector<std::vector<PlanTuple>> plans;
  std::vector<FieldConflict> conflicts;
  std::vector<Entity> entities;

  bool operator==(const View&) const = default;
};

View TakeView(Store& store, bool keep_tx) {
  const std::vector<std::optional<int64_t>> instants = {
      std::nullopt,       EndOf("2025-02-03"), kFebruary4, EndOf("2025-02-04"),
      EndOf("2025-02-05"), EndOf("2025-02-06"), kImportTime};
  View view;
  StoreStats stats = Value(store.Stats());
  view.records = stats.records;
  view.entity_kinds = stats.entity_kinds;
  view.event_statuses = stats.event_statuses;
  for (const std::string& id : kViewIds) {
    std::vector<RecordVersion> versions = Value(store.Versions(id));
    view.versions.push_back(keep_tx ? versions : WithoutTx(versions));
    std::vector<std::optional<Record>> records;
    for (const std::optional<int64_t>& instant : instants) {
      records.push_back(Value(store.GetRecord(id, instant)));
    }
    view.records_as_of.push_back(std::move(records));
  }
  for (const std::optional<int64_t>& instant : instants) {
    TimelineFilter filter;
    filter.as_of = instant;
    std::vector<std::vector<TimelineRow>> timelines;
    std::vector<std::vector<std::pair<Relation, bool>>> relations;
    for (const std::string& entity : kViewEntities) {
      timelines.push_back(Value(store.Timeline(entity, filter)));
      std::vector<std::pair<Relation, bool>> ends;
      for (EntityRelation& relation : Value(store.RelationsOf(entity, instant))) {
        ends.emplace_back(std::move(relation.relation), relation.outgoing);
      }
      relations.push_back(std::move(ends));
    }
    view.timelines.push_back(std::move(timelines));
    view.relations.push_back(std::move(relations));
    view.events.push_back(Value(store.Events(filter)));
    if (instant) view.plans.push_back(PlanTuples(Value(store.Plans(*instant)), keep_tx));
  }
  std::vector<FieldConflict> conflicts = Value(store.Conflicts());
  view.conflicts = keep_tx ? conflicts : WithoutTx(conflicts);
  view.entities = Value(store.Entities(std::nullopt));
  return view;
}

std::set<std::string> TableFiles(const std::string& dir) {
  std::set<std::string> files;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".sst") files.insert(entry.path().filename());
  }
  return files;
}

// ---- A later source's version of an event -------------------------------------------------------

TEST_CASE("a follow-up version supersedes a plan; as-of answers show the plan",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  const std::string visit = "altman-india-visit";
  {
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportResult first = ImportOk(*store, kBatchA);
    CHECK(first.added == std::map<std::string, size_t>{{"entity", 4}, {"event", 2}, {"source", 1}});
    CHECK(first.versions.empty());
    CHECK(first.tx == 1);
    StoreStats before = Value(store->Stats());
    CHECK(before.event_statuses ==
          std::map<std::string, uint64_t>{{"planned", 1}, {"reported", 1}});
    // One version each: not flagged.
    CHECK(Value(store->Timeline("softbank", TimelineFilter())) ==
          std::vector<TimelineRow>{WithRole(InvestmentRow(false), "investor")});
    TimelineRow single_plan = WithRole(VisitPlannedRow(), "visitor");
    single_plan.versioned = false;
    CHECK(Value(store->Timeline("sam-altman", TimelineFilter())) ==
          std::vector<TimelineRow>{single_plan});

    ImportResult second = ImportOk(*store, kBatchB);
    CHECK(second.added == std::map<std::string, size_t>{{"source", 2}});
    // A version is not a record: both events gained one.
    CHECK(second.versions == std::map<std::string, size_t>{{"event", 2}});
    CHECK(second.unchanged == 4);  // kYonhap, kAltman, kIndia, kSoftBank
    CHECK(second.tx == 2);

    StoreStats after = Value(store->Stats());
    CHECK(after.records == std::map<std::string, uint64_t>{
                               {"entity", 4}, {"event", 2}, {"relation", 0}, {"source", 3}});
    CHECK(after.event_statuses ==
          std::map<std::string, uint64_t>{{"occurred", 1}, {"reported", 1}});
    CHECK(after.entity_kinds == before.entity_kinds);
    CHECK(after.imports == 2);
    // The span follows the current versions: the old version's February is gone.
    CHECK(after.first_day == Day(2025, 1, 21));
    CHECK(after.last_day == Day(2025, 2, 5));

    SECTION("versions, oldest first, with record time, source and import") {
      CHECK(Value(store->Versions(visit)) ==
            std::vector<RecordVersion>{Version(kVisitPlanned, kFebruary4, "yonhap-2025-02-04", 1),
                                       Version(kVisitOccurred, kFebruary5,
                                               "chosunbiz-2025-02-05", 2)});
      CHECK(Value(store->Versions("stargate-investment")) ==
            std::vector<RecordVersion>{
                Version(kInvestment729, kFebruary4, "chosunbiz-2025-02-04", 2),
                Version(kInvestment730, kFebruary4, "yonhap-2025-02-04", 1)});
      // Records with one version, and unknown ids.
      CHECK(Value(store->Versions("sam-altman")) ==
            std::vector<RecordVersion>{Version(kAltman, kImportTime, "", 1)});
      CHECK(Value(store->Versions("chosunbiz-2025-02-05")) ==
            std::vector<RecordVersion>{
                Version(kChosun5, kFebruary5, "chosunbiz-2025-02-05", 2)});
      CHECK(Value(store->Versions("no-such-id")).empty());
    }
    SECTION("the record now and as of an instant") {
      CHECK(Value(store->GetRecord(visit)) == std::optional<Record>(Parse(kVisitOccurred)));
      CHECK(Value(store->GetRecord(visit, EndOf("2025-02-05"))) ==
            std::optional<Record>(Parse(kVisitOccurred)));
      CHECK(Value(store->GetRecord(visit, kFebruary5)) ==
            std::optional<Record>(Parse(kVisitOccurred)));
      CHECK(Value(store->GetRecord(visit, kFebruary5 - 1)) ==
            std::optional<Record>(Parse(kVisitPlanned)));
      CHECK(Value(store->GetRecord(visit, EndOf("2025-02-04"))) ==
            std::optional<Record>(Parse(kVisitPlanned)));
      CHECK(Value(store->GetRecord(visit, kFebruary4)) ==
            std::optional<Record>(Parse(kVisitPlanned)));
      CHECK_FALSE(Value(store->GetRecord(visit, kFebruary4 - 1)).has_value());
      CHECK_FALSE(Value(store->GetRecord(visit, EndOf("2025-02-03"))).has_value());
      // The record of a single version, as of before and after its time.
      CHECK_FALSE(Value(store->GetRecord("sam-altman", EndOf("2025-02-28"))).has_value());
      CHECK(Value(store->GetRecord("sam-altman", kImportTime)) ==
            std::optional<Record>(Parse(kAltman)));
      CHECK_FALSE(Value(store->GetRecord("no-such-id", kImportTime)).has_value());
    }
    SECTION("timelines now show the current version: one row, on its new day") {
      CHECK(Value(store->Timeline("sam-altman", TimelineFilter())) ==
            std::vector<TimelineRow>{WithRole(VisitOccurredRow(), "visitor")});
      CHECK(Value(store->Timeline("india", TimelineFilter())) ==
            std::vector<TimelineRow>{WithRole(VisitOccurredRow(), "place")});
      // Modi took part in the planned version only.
      CHECK(Value(store->Timeline("narendra-modi", TimelineFilter())).empty());
      // The investment's current version is Yonhap's, now flagged as versioned.
      CHECK(Value(store->Timeline("softbank", TimelineFilter())) ==
            std::vector<TimelineRow>{WithRole(InvestmentRow(true), "investor")});
      CHECK(Value(store->Events(TimelineFilter())) ==
            std::vector<TimelineRow>{InvestmentRow(true), VisitOccurredRow()});
      // The planned version's February entry was deleted from both indexes.
      CHECK(Value(store->Events(Between("2025-02-10", "2025-02-16"))).empty());
      CHECK(Value(store->Timeline("sam-altman", Between("2025-02-10", "2025-02-16"))).empty());
    }
    SECTION("as of 4 February, timelines and events show the plan") {
      const int64_t as_of = EndOf("2025-02-04");
      CHECK(as_of == kFebruary5 - 1);
      CHECK(Value(store->Timeline("sam-altman", AsOf(as_of))) ==
            std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "visitor")});
      CHECK(Value(store->Timeline("narendra-modi", AsOf(as_of))) ==
            std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "host")});
      CHECK(Value(store->Timeline("india", AsOf(as_of))) ==
            std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "place")});
      CHECK(Value(store->Timeline("softbank", AsOf(as_of))) ==
            std::vector<TimelineRow>{WithRole(InvestmentRow(true), "investor")});
      CHECK(Value(store->Events(AsOf(as_of))) ==
            std::vector<TimelineRow>{InvestmentRow(true), VisitPlannedRow()});
      // Day filters apply to the version in effect.
      CHECK(Value(store->Events(Between("2025-02-10", "2025-02-16", as_of))) ==
            std::vector<TimelineRow>{VisitPlannedRow()});
      CHECK(Value(store->Timeline("sam-altman", Between("2025-02-05", "2025-02-05", as_of))) ==
            std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "visitor")});
      CHECK(Value(store->Events(Between("2025-01-01", "2025-01-31", as_of))) ==
            std::vector<TimelineRow>{InvestmentRow(true)});
      TimelineFilter planned = AsOf(as_of);
      planned.status = EventStatus::kPlanned;
      CHECK(EventIds(Value(store->Events(planned))) == std::vector<std::string>{visit});
      planned.status = EventStatus::kOccurred;
      CHECK(Value(store->Events(planned)).empty());
    }
    SECTION("as of 5 February and later, the follow-up") {
      for (int64_t as_of : {kFebruary5, EndOf("2025-02-05"), kImportTime}) {
        INFO(as_of);
        CHECK(Value(store->Timeline("sam-altman", AsOf(as_of))) ==
              std::vector<TimelineRow>{WithRole(VisitOccurredRow(), "visitor")});
        CHECK(Value(store->Timeline("narendra-modi", AsOf(as_of))).empty());
        CHECK(Value(store->Events(AsOf(as_of))) ==
              std::vector<TimelineRow>{InvestmentRow(true), VisitOccurredRow()});
      }
    }
    SECTION("as of before anything was recorded, nothing") {
      for (int64_t as_of : {EndOf("2025-02-03"), kFebruary4 - 1, int64_t{0}}) {
        INFO(as_of);
        for (const std::string& entity : kViewEntities) {
          CHECK(Value(store->Timeline(entity, AsOf(as_of))).empty());
        }
        CHECK(Value(store->Events(AsOf(as_of))).empty());
        CHECK(Value(store->Plans(as_of)).empty());
      }
    }
    SECTION("plans as of 4 February, with what became of them") {
      std::vector<PlanOutcome> plans = Value(store->Plans(EndOf("2025-02-04")));
      REQUIRE(plans.size() == 1);
      CHECK(plans[0].id == visit);
      CHECK(plans[0].planned == Version(kVisitPlanned, kFebruary4, "yonhap-2025-02-04", 1));
      REQUIRE(plans[0].outcome.has_value());
      CHECK(*plans[0].outcome == Version(kVisitOccurred, kFebruary5, "chosunbiz-2025-02-05", 2));
      CHECK(std::get<Event>(plans[0].outcome->record).status == EventStatus::kOccurred);
      // By the 5th it was no longer a plan.
      CHECK(Value(store->Plans(EndOf("2025-02-05"))).empty());
    }
    SECTION("conflicts: the amount, between two papers of the same day") {
      const std::vector<FieldConflict> expected = {FieldConflict{
          "stargate-investment",
          "attributes.amount",
          ConflictKind::kDisagreement,
          {ConflictValue{"\"약 729조원\"", {ConflictClaim{"chosunbiz-2025-02-04", kFebruary4, 2}}},
           ConflictValue{"\"약 730조원\"", {ConflictClaim{"yonhap-2025-02-04", kFebruary4, 1}}}}}};
      CHECK(Value(store->Conflicts()) == expected);
      CHECK(Value(store->Conflicts("stargate-investment")) == expected);
      // Both papers were out by the end of the 4th, and not before.
      CHECK(Value(store->Conflicts(std::nullopt, kFebruary4)) == expected);
      CHECK(Value(store->Conflicts("stargate-investment", EndOf("2025-02-04"))) == expected);
      CHECK(Value(store->Conflicts(std::nullopt, kFebruary4 - 1)).empty());
      // The follow-up cites Yonhap: the plan is superseded, not contradicted; and planned ->
      // occurred is progress.
      CHECK(Value(store->Conflicts(visit)).empty());
      CHECK(Value(store->Conflicts("sam-altman")).empty());
      Result<std::vector<FieldConflict>> unknown = store->Conflicts("no-such-id");
      REQUIRE_FALSE(unknown.ok());
      CHECK(unknown.status().code() == StatusCode::kNotFound);
      CHECK(unknown.status().message() == "no record with id 'no-such-id'");
    }
  }
  // The layout, read from the closed store's families directly: one index entry per current
  // version, the other versions in `versions`.
  const std::vector<std::string> timeline_keys = RawKeys(temp.path(), "timeline");
  CHECK(timeline_keys.size() == 3);  // the visit under Altman and India; the investment
  for (const std::string& key : timeline_keys) {
    TimelineKeyParts parts;
    REQUIRE(DecodeTimelineKey(key, &parts));
    CHECK(parts.earliest_day == (parts.event_id == visit ? Day(2025, 2, 5) : Day(2025, 1, 21)));
  }
  const std::vector<std::string> time_keys = RawKeys(temp.path(), "time");
  CHECK(time_keys == std::vector<std::string>{
                         TimeKey({Day(2025, 1, 21), Day(2025, 1, 21), "stargate-investment"}),
                         TimeKey({Day(2025, 2, 5), Day(2025, 2, 5), visit})});
  // The plan, demoted from current by import 2 (ordinal 0xFFFFFFFF), and the Chosun Biz
  // investment version of import 2, never current (its first ordinal, 0).
  CHECK(RawKeys(temp.path(), "versions") ==
        std::vector<std::string>{VersionKey(RecordType::kEvent, visit, 1, 0xFFFF'FFFF),
                                 VersionKey(RecordType::kEvent, "stargate-investment", 2, 0)});
  std::multiset<std::string> versioned;
  for (const std::string& key : RawKeys(temp.path(), "versioned")) {
    VersionedKeyParts parts;
    REQUIRE(DecodeVersionedKey(key, &parts));
    CHECK(parts.type == RecordType::kEvent);
    versioned.insert(std::string(parts.id) + "@" + std::to_string(parts.entity_iid) + ":" +
                     std::to_string(parts.earliest_day) + ".." + std::to_string(parts.latest_day));
  }
  // Every version at its days (February 2025 = days 20120..20147 for the plan, 20124 for the
  // visit on the 5th, 20109 for 21 January): under kAllEventsIid (0), Altman (1), Modi (2, old
  // version only), India (3); the investment's two versions share their days, under 0 and
  // SoftBank (4).
  CHECK(versioned == std::multiset<std::string>{
                         visit + "@0:20120..20147", visit + "@0:20124..20124",
                         visit + "@1:20120..20147", visit + "@1:20124..20124",
                         visit + "@2:20120..20147", visit + "@3:20120..20147",
                         visit + "@3:20124..20124", "stargate-investment@0:20109..20109",
                         "stargate-investment@4:20109..20109"});
}

// ---- Idempotency and order independence -------------------------------------------------------

TEST_CASE("re-importing versions already stored writes nothing", "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kBatchA);
  ImportOk(*store, kBatchB);
  const View before = TakeView(*store, /*keep_tx=*/true);
  const std::set<std::string> files = TableFiles(temp.path());

  struct Case {
    const char* name;
    std::vector<std::string> lines;
  };
  for (const Case& again : {Case{"batch A", kBatchA}, Case{"batch B", kBatchB},
                            Case{"both in one input", Concat(kBatchA, kBatchB)},
                            Case{"the follow-up written with names",
                                 {kVisitOccurredByName, kVisitPlanned, kInvestment729}}}) {
    INFO(again.name);
    // A later import time changes nothing either: every version here has a source or is
    // identical to the current one.
    ImportResult result = ImportOk(*store, again.lines, kImportTime + 86'400);
    CHECK(result.added.empty());
    CHECK(result.versions.empty());
    CHECK(result.unchanged == again.lines.size());
    CHECK(result.tx == 0);
    CHECK(TakeView(*store, /*keep_tx=*/true) == before);
    CHECK(TableFiles(temp.path()) == files);
  }
  CHECK(Value(store->Stats()).imports == 2);
}

TEST_CASE("the order of imports does not change any answer", "[storage][versions]") {
  TempDir a_then_b(kTempPrefix), b_then_a(kTempPrefix), together(kTempPrefix);
  std::unique_ptr<Store> ab = OpenStore(a_then_b.path(), OpenMode::kReadWrite);
  ImportOk(*ab, kBatchA);
  ImportOk(*ab, kBatchB);
  std::unique_ptr<Store> ba = OpenStore(b_then_a.path(), OpenMode::kReadWrite);
  ImportResult b_first = ImportOk(*ba, kBatchB);
  CHECK(b_first.added == std::map<std::string, size_t>{{"entity", 3}, {"event", 2}, {"source", 3}});
  CHECK(b_first.versions.empty());
  ImportResult a_second = ImportOk(*ba, kBatchA);
  CHECK(a_second.added == std::map<std::string, size_t>{{"entity", 1}});  // Modi
  CHECK(a_second.versions == std::map<std::string, size_t>{{"event", 2}});
  std::unique_ptr<Store> one = OpenStore(together.path(), OpenMode::kReadWrite);
  ImportResult both = ImportOk(*one, Concat(kBatchA, kBatchB));
  CHECK(both.added == std::map<std::string, size_t>{{"entity", 4}, {"event", 2}, {"source", 3}});
  CHECK(both.versions == std::map<std::string, size_t>{{"event", 2}});
  CHECK(both.unchanged == 4);  // the second kYonhap, kAltman, kIndia, kSoftBank
  CHECK(both.tx == 1);

  const View expected = TakeView(*ab, /*keep_tx=*/false);
  CHECK(TakeView(*ba, /*keep_tx=*/false) == expected);
  CHECK(TakeView(*one, /*keep_tx=*/false) == expected);

  // The answers compared are the real ones (spot checks of the shared view).
  for (Store* store : {ab.get(), ba.get(), one.get()}) {
    CHECK(Value(store->GetRecord("altman-india-visit")) ==
          std::optional<Record>(Parse(kVisitOccurred)));
    CHECK(Value(store->GetRecord("stargate-investment")) ==
          std::optional<Record>(Parse(kInvestment730)));
    CHECK(WithoutTx(Value(store->Versions("altman-india-visit"))) ==
          std::vector<RecordVersion>{Version(kVisitPlanned, kFebruary4, "yonhap-2025-02-04", 0),
                                     Version(kVisitOccurred, kFebruary5, "chosunbiz-2025-02-05",
                                             0)});
    CHECK(Value(store->Timeline("narendra-modi", AsOf(EndOf("2025-02-04")))) ==
          std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "host")});
    CHECK(Value(store->Timeline("narendra-modi", TimelineFilter())).empty());
    CHECK(Value(store->Timeline("softbank", TimelineFilter())) ==
          std::vector<TimelineRow>{WithRole(InvestmentRow(true), "investor")});
    CHECK(Value(store->Plans(EndOf("2025-02-04"))).size() == 1);
    CHECK(Value(store->Conflicts()).size() == 1);
    CHECK(Value(store->Stats()).event_statuses ==
          std::map<std::string, uint64_t>{{"occurred", 1}, {"reported", 1}});
  }
  // Import numbers are what differs: the plan came with import 2 when B went first.
  CHECK(Value(ba->Versions("altman-india-visit"))[0].tx == 2);
  CHECK(Value(ab->Versions("altman-india-visit"))[0].tx == 1);
}

// ---- Status: same-day papers and regressions ----------------------------------------------------

TEST_CASE("a status regression is kept as a version and listed as a conflict",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  const std::string occurred =
      R"j({"type":"event","id":"kakao-partnership","title":"OpenAI–Kakao partnership","kind":"agreement","when":"2025-02-04","status":"occurred","participants":[{"entity":"sam-altman"}],"sources":[{"source":"chosunbiz-2025-02-05"}]})j";
  const std::string planned_again =
      R"j({"type":"event","id":"kakao-partnership","title":"OpenAI–Kakao partnership","kind":"agreement","when":"2025-02-04","status":"planned","participants":[{"entity":"sam-altman"}],"sources":[{"source":"hankyung-2025-02-06"}]})j";
  ImportOk(*store, {kChosun5, kAltman, occurred});
  ImportResult result = ImportOk(*store, {kHankyung6, planned_again});
  CHECK(result.added == std::map<std::string, size_t>{{"source", 1}});
  CHECK(result.versions == std::map<std::string, size_t>{{"event", 1}});

  CHECK(Value(store->Versions("kakao-partnership")) ==
        std::vector<RecordVersion>{Version(occurred, kFebruary5, "chosunbiz-2025-02-05", 1),
                                   Version(planned_again, kFebruary6, "hankyung-2025-02-06", 2)});
  // The later record time wins: the store now says planned, on the same day's keys.
  std::vector<TimelineRow> rows = Value(store->Timeline("sam-altman", TimelineFilter()));
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].status == EventStatus::kPlanned);
  CHECK(rows[0].sources == std::vector<std::string>{"hankyung-2025-02-06"});
  CHECK(rows[0].recorded_at == kFebruary6);
  CHECK(rows[0].versioned);
  CHECK(rows[0].role == "participant");
  CHECK(Value(store->Events(TimelineFilter())).size() == 1);
  CHECK(Value(store->Stats()).event_statuses == std::map<std::string, uint64_t>{{"planned", 1}});
  std::vector<TimelineRow> then = Value(store->Timeline("sam-altman", AsOf(EndOf("2025-02-05"))));
  REQUIRE(then.size() == 1);
  CHECK(then[0].status == EventStatus::kOccurred);

  CHECK(Value(store->Conflicts()) ==
        std::vector<FieldConflict>{FieldConflict{
            "kakao-partnership",
            "status",
            ConflictKind::kStatusRegression,
            {ConflictValue{"occurred", {ConflictClaim{"chosunbiz-2025-02-05", kFebruary5, 1}}},
             ConflictValue{"planned", {ConflictClaim{"hankyung-2025-02-06", kFebruary6, 2}}}}}});
  // Before the second paper there was one version, and nothing to compare.
  CHECK(Value(store->Conflicts(std::nullopt, EndOf("2025-02-05"))).empty());
  CHECK(Value(store->Conflicts("kakao-partnership", EndOf("2025-02-06"))).size() == 1);
  // As of the 6th it is a plan again, with nothing become of it since.
  std::vector<PlanOutcome> plans = Value(store->Plans(EndOf("2025-02-06")));
  REQUIRE(plans.size() == 1);
  CHECK(plans[0].planned == Version(planned_again, kFebruary6, "hankyung-2025-02-06", 2));
  CHECK_FALSE(plans[0].outcome.has_value());
  CHECK(Value(store->Plans(EndOf("2025-02-05"))).empty());
}

TEST_CASE("a new version on the same days replaces its index entries in place",
          "[storage][versions]") {
  // Same day, same entities: the import deletes the old entries and puts the new ones under
  // the same keys; the put must win. Two papers of the same day: "planned" and "occurred" read
  // as a plan and its outcome whatever the order they come in, so the occurred version stays
  // current when the plan is imported after it.
  const std::string occurred =
      R"j({"type":"event","id":"seoul-press-event","title":"Press event","kind":"press-conference","when":"2025-02-04","status":"occurred","participants":[{"entity":"sam-altman","role":"speaker"}],"sources":[{"source":"chosunbiz-2025-02-04"}]})j";
  const std::string planned =
      R"j({"type":"event","id":"seoul-press-event","title":"Press event","kind":"press-conference","when":"2025-02-04","status":"planned","participants":[{"entity":"sam-altman","role":"speaker"}],"sources":[{"source":"yonhap-2025-02-04"}]})j";
  for (const bool planned_first : {true, false}) {
    INFO((planned_first ? "planned first" : "occurred first"));
    TempDir temp(kTempPrefix);
    std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
    ImportOk(*store, {kYonhap, kChosun4, kAltman, planned_first ? planned : occurred});
    ImportResult result = ImportOk(*store, {planned_first ? occurred : planned});
    CHECK(result.versions == std::map<std::string, size_t>{{"event", 1}});
    std::vector<TimelineRow> rows = Value(store->Timeline("sam-altman", TimelineFilter()));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].status == EventStatus::kOccurred);
    CHECK(rows[0].sources == std::vector<std::string>{"chosunbiz-2025-02-04"});
    CHECK(rows[0].versioned);
    CHECK(rows[0].recorded_at == kFebruary4);
    std::vector<TimelineRow> events = Value(store->Events(TimelineFilter()));
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == EventStatus::kOccurred);
    CHECK(events[0].versioned);
    CHECK(Value(store->Stats()).event_statuses ==
          std::map<std::string, uint64_t>{{"occurred", 1}});
    // Planned then occurred on one day is progress, not a regression.
    CHECK(Value(store->Conflicts()).empty());
    CHECK(WithoutTx(Value(store->Versions("seoul-press-event"))) ==
          std::vector<RecordVersion>{Version(planned, kFebruary4, "yonhap-2025-02-04", 0),
                                     Version(occurred, kFebruary4, "chosunbiz-2025-02-04", 0)});
    // As of that day, the outcome; a plan of that day had its outcome the same day.
    CHECK(Value(store->Timeline("sam-altman", AsOf(EndOf("2025-02-04")))).at(0).status ==
          EventStatus::kOccurred);
    CHECK(Value(store->Plans(EndOf("2025-02-04"))).empty());
  }
}

// ---- Entities and relations -------------------------------------------------------------------

TEST_CASE("an entity re-imported with other aliases is a new version; names follow it",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  const std::string son_v1 =
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person","aliases":["손정의","孫正義"]})j";
  const std::string son_v2 =
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person","aliases":["손정의","Masayoshi Son"],"description":"Chairman of SoftBank Group."})j";
  const std::string meeting =
      R"j({"type":"event","id":"seocho-meeting","title":"Seocho meeting","kind":"meeting","when":"2025-02-04","status":"occurred","participants":[{"entity":"孫正義","role":"guest"}],"sources":[{"source":"yonhap-2025-02-04"}]})j";
  ImportOk(*store, {kYonhap, son_v1, meeting}, kImportTime);
  const std::vector<TimelineRow> timeline = Value(store->Timeline("son-masayoshi", TimelineFilter()));
  REQUIRE(timeline.size() == 1);
  CHECK(timeline[0].recorded_at == kFebruary4);
  CHECK_FALSE(timeline[0].versioned);
  CHECK(Value(store->ResolveEntity("孫正義")).id == "son-masayoshi");
  // An event with one version is in as-of answers from its record time on.
  CHECK(Value(store->Timeline("son-masayoshi", AsOf(kFebruary4 - 1))).empty());
  CHECK(Value(store->Timeline("son-masayoshi", AsOf(kFebruary4))) == timeline);
  CHECK(Value(store->Events(AsOf(kFebruary4 - 1))).empty());
  CHECK(EventIds(Value(store->Events(AsOf(kFebruary4)))) ==
        std::vector<std::string>{"seocho-meeting"});

  ImportResult result = ImportOk(*store, {son_v2}, kImportTime + 86'400);
  CHECK(result.added.empty());
  CHECK(result.versions == std::map<std::string, size_t>{{"entity", 1}});
  CHECK(result.tx == 2);

  // The new alias resolves, to the new card; the dropped one no longer does.
  Entity expected = std::get<Entity>(Parse(son_v2));
  expected.description.clear();  // the card has no description
  CHECK(Value(store->ResolveEntity("Masayoshi Son")) == expected);
  CHECK(Value(store->ResolveEntity("masayoshi son")) == expected);
  CHECK(Value(store->ResolveEntity("손정의")) == expected);
  CHECK(Value(store->ResolveEntity("son-masayoshi")) == expected);
  Result<Entity> dropped = store->ResolveEntity("孫正義");
  REQUIRE_FALSE(dropped.ok());
  CHECK(dropped.status().code() == StatusCode::kNotFound);
  CHECK(Value(store->FindEntitiesByName("孫正義")).empty());
  CHECK(Value(store->FindEntitiesByName("masayoshi son")) ==
        std::vector<std::string>{"son-masayoshi"});

  // The timeline is the entity's, not its names': unchanged.
  CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) == timeline);
  CHECK(Value(store->GetRecord("son-masayoshi")) == std::optional<Record>(Parse(son_v2)));
  CHECK(Value(store->GetRecord("son-masayoshi", kImportTime)) ==
        std::optional<Record>(Parse(son_v1)));
  CHECK(Value(store->Versions("son-masayoshi")) ==
        std::vector<RecordVersion>{Version(son_v1, kImportTime, "", 1),
                                   Version(son_v2, kImportTime + 86'400, "", 2)});
  CHECK(Value(store->Entities(std::nullopt)) == std::vector<Entity>{std::get<Entity>(Parse(son_v2))});
  StoreStats stats = Value(store->Stats());
  CHECK(stats.records.at("entity") == 1);
  CHECK(stats.entity_kinds == std::map<std::string, uint64_t>{{"person", 1}});
  CHECK(Value(store->Conflicts()).empty());  // same name and kind

  SECTION("a version recorded before the current one does not displace it") {
    const std::string son_v0 =
        R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"organization","aliases":["SBG"]})j";
    ImportResult older = ImportOk(*store, {son_v0}, kImportTime - 86'400);
    CHECK(older.versions == std::map<std::string, size_t>{{"entity", 1}});
    CHECK(Value(store->GetRecord("son-masayoshi")) == std::optional<Record>(Parse(son_v2)));
    CHECK(Value(store->ResolveEntity("손정의")) == expected);
    CHECK_FALSE(store->ResolveEntity("SBG").ok());
    CHECK(Value(store->Stats()).entity_kinds == std::map<std::string, uint64_t>{{"person", 1}});
    CHECK(Value(store->Versions("son-masayoshi")).size() == 3);
  }
  SECTION("a later version that changes the kind moves the kind counts") {
    const std::string son_v3 =
        R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"other","aliases":["손정의"]})j";
    ImportOk(*store, {son_v3}, kImportTime + 2 * 86'400);
    CHECK(Value(store->Stats()).entity_kinds == std::map<std::string, uint64_t>{{"other", 1}});
    CHECK_FALSE(store->ResolveEntity("Masayoshi Son").ok());
    CHECK(Value(store->Timeline("son-masayoshi", TimelineFilter())) == timeline);
  }
}

TEST_CASE("a relation's ends as of an instant follow its versions", "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  const std::string kSon =
      R"j({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person"})j";
  const std::string kArm =
      R"j({"type":"entity","id":"arm-holdings","name":"Arm Holdings","kind":"organization"})j";
  const std::string leads_v1 =
      R"j({"type":"relation","id":"son-leads","kind":"chairs","from":"son-masayoshi","to":"softbank","when":"2025","sources":[{"source":"yonhap-2025-02-04"}]})j";
  const std::string leads_v2 =
      R"j({"type":"relation","id":"son-leads","kind":"chairs","from":"son-masayoshi","to":"arm-holdings","when":"2025","sources":[{"source":"chosunbiz-2025-02-05"}]})j";
  // A relation with one version, recorded at the import time.
  const std::string knows =
      R"j({"type":"relation","id":"son-knows-altman","kind":"knows","from":"son-masayoshi","to":"sam-altman"})j";
  ImportOk(*store, {kYonhap, kSon, kSoftBank, kAltman, leads_v1, knows});
  ImportResult result = ImportOk(*store, {kChosun5, kArm, leads_v2});
  CHECK(result.added == std::map<std::string, size_t>{{"entity", 1}, {"source", 1}});
  CHECK(result.versions == std::map<std::string, size_t>{{"relation", 1}});
  CHECK(Value(store->Stats()).records.at("relation") == 2);

  auto ends = [&](std::string_view entity, std::optional<int64_t> as_of) {
    std::vector<std::tuple<std::string, std::string, bool>> found;
    for (const EntityRelation& relation : Value(store->RelationsOf(entity, as_of))) {
      found.emplace_back(relation.relation.id, relation.relation.to, relation.outgoing);
    }
    return found;
  };
  using Ends = std::vector<std::tuple<std::string, std::string, bool>>;
  const int64_t feb4 = EndOf("2025-02-04");
  // Now: Son chairs Arm; SoftBank has no relation left (its edge was deleted).
  CHECK(ends("son-masayoshi", std::nullopt) ==
        Ends{{"son-knows-altman", "sam-altman", true}, {"son-leads", "arm-holdings", true}});
  CHECK(ends("softbank", std::nullopt).empty());
  CHECK(ends("arm-holdings", std::nullopt) == Ends{{"son-leads", "arm-holdings", false}});
  // As of 4 February: Son chaired SoftBank; the undated relation was recorded only at the
  // import time (1 March).
  CHECK(ends("son-masayoshi", feb4) == Ends{{"son-leads", "softbank", true}});
  CHECK(ends("softbank", feb4) == Ends{{"son-leads", "softbank", false}});
  CHECK(ends("arm-holdings", feb4).empty());
  // As of 5 February, and at the import time.
  CHECK(ends("son-masayoshi", EndOf("2025-02-05")) == Ends{{"son-leads", "arm-holdings", true}});
  CHECK(ends("son-masayoshi", kImportTime) ==
        Ends{{"son-knows-altman", "sam-altman", true}, {"son-leads", "arm-holdings", true}});
  CHECK(ends("softbank", EndOf("2025-02-05")).empty());
  CHECK(ends("arm-holdings", EndOf("2025-02-05")) == Ends{{"son-leads", "arm-holdings", false}});
  // Before either: nothing.
  CHECK(ends("son-masayoshi", EndOf("2025-02-03")).empty());
  // The relation is whole: as of the 4th, the first version.
  std::vector<EntityRelation> then = Value(store->RelationsOf("softbank", feb4));
  REQUIRE(then.size() == 1);
  CHECK(then[0].relation == std::get<Relation>(Parse(leads_v1)));

  // Neither version cites the other's source: the two papers disagree on the "to" end.
  CHECK(Value(store->Conflicts("son-leads")) ==
        std::vector<FieldConflict>{FieldConflict{
            "son-leads",
            "to",
            ConflictKind::kDisagreement,
            {ConflictValue{"softbank", {ConflictClaim{"yonhap-2025-02-04", kFebruary4, 1}}},
             ConflictValue{"arm-holdings",
                           {ConflictClaim{"chosunbiz-2025-02-05", kFebruary5, 2}}}}}});
}

// ---- Atomicity -----------------------------------------------------------------------------------

TEST_CASE("a failed import after versions exist changes nothing", "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  ImportOk(*store, kBatchA);
  ImportOk(*store, kBatchB);
  const View before = TakeView(*store, /*keep_tx=*/true);
  const std::set<std::string> files = TableFiles(temp.path());

  const std::string cancelled =
      R"j({"type":"event","id":"altman-india-visit","title":"Sam Altman's India visit cancelled","kind":"visit","when":"2025-02-05","status":"cancelled","place":"india","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"hankyung-2025-02-06"}]})j";
  const std::string investment_again =
      R"j({"type":"event","id":"stargate-investment","title":"Stargate investment in Korea","kind":"investment","when":"2025-01-21","status":"occurred","participants":[{"entity":"softbank","role":"investor"}],"sources":[{"source":"hankyung-2025-02-06"}]})j";
  const std::string bad =
      R"j({"type":"event","id":"ghost-visit","title":"Ghost","kind":"visit","when":"2025-02-07","status":"occurred","participants":[{"entity":"Qqqqqqqqqqqq"}]})j";
  Result<ImportResult> result =
      store->Import(Inputs({kHankyung6, cancelled, bad, investment_again}), At(kImportTime));
  REQUIRE(result.ok());
  REQUIRE(result->errors.size() == 1);
  CHECK(result->errors[0].message() == "no entity named 'Qqqqqqqqqqqq'");
  CHECK(result->errors[0].location().line == 3);
  CHECK(result->added.empty());
  CHECK(result->versions.empty());
  CHECK(result->tx == 0);

  CHECK(TakeView(*store, /*keep_tx=*/true) == before);
  CHECK(TableFiles(temp.path()) == files);
  CHECK(Value(store->Versions("altman-india-visit")).size() == 2);
  CHECK_FALSE(Value(store->GetRecord("hankyung-2025-02-06")).has_value());

  // The same versions without the bad line go in, under the next import number.
  ImportResult next = ImportOk(*store, {kHankyung6, cancelled, investment_again});
  CHECK(next.tx == 3);
  CHECK(next.versions == std::map<std::string, size_t>{{"event", 2}});
  CHECK(Value(store->Versions("altman-india-visit")).size() == 3);
  CHECK(Value(store->Stats()).event_statuses ==
        std::map<std::string, uint64_t>{{"cancelled", 1}, {"occurred", 1}});
}

// ---- Versions within one input, and the default record time ---------------------------------------

TEST_CASE("one input: a repeated id is merged into its versions, duplicates dropped",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  // The follow-up twice (once written with names: the same record once resolved), and the
  // plan after it.
  ImportResult result =
      ImportOk(*store, {kYonhap, kChosun5, kAltman, kModi, kIndia, kVisitOccurred,
                        kVisitOccurredByName, kVisitPlanned});
  CHECK(result.added ==
        std::map<std::string, size_t>{{"entity", 3}, {"event", 1}, {"source", 2}});
  CHECK(result.versions == std::map<std::string, size_t>{{"event", 1}});
  CHECK(result.unchanged == 1);
  CHECK(Value(store->Versions("altman-india-visit")) ==
        std::vector<RecordVersion>{Version(kVisitPlanned, kFebruary4, "yonhap-2025-02-04", 1),
                                   Version(kVisitOccurred, kFebruary5, "chosunbiz-2025-02-05",
                                           1)});
  CHECK(Value(store->Timeline("sam-altman", TimelineFilter())) ==
        std::vector<TimelineRow>{WithRole(VisitOccurredRow(), "visitor")});
  CHECK(Value(store->Timeline("narendra-modi", AsOf(EndOf("2025-02-04")))) ==
        std::vector<TimelineRow>{WithRole(VisitPlannedRow(), "host")});
  CHECK(Value(store->Stats()).event_statuses == std::map<std::string, uint64_t>{{"occurred", 1}});

  SECTION("an id repeated with the same record once resolved has one version, not flagged") {
    TempDir other(kTempPrefix);
    std::unique_ptr<Store> single = OpenStore(other.path(), OpenMode::kReadWrite);
    ImportResult once = ImportOk(*single, {kYonhap, kChosun5, kAltman, kIndia, kVisitOccurred,
                                           kVisitOccurredByName});
    CHECK(once.added == std::map<std::string, size_t>{{"entity", 2}, {"event", 1}, {"source", 2}});
    CHECK(once.versions.empty());
    CHECK(once.unchanged == 1);
    CHECK(Value(single->Versions("altman-india-visit")).size() == 1);
    TimelineRow row = WithRole(VisitOccurredRow(), "visitor");
    row.versioned = false;
    CHECK(Value(single->Timeline("sam-altman", TimelineFilter())) == std::vector<TimelineRow>{row});
    CHECK(Value(single->Conflicts()).empty());
  }
}

TEST_CASE("without a set record time, unsourced versions are recorded at the import's time",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  const int64_t before = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  Result<ImportResult> result = store->Import(Inputs({kYonhap, kAltman}));
  REQUIRE(result.ok());
  REQUIRE(result->errors.empty());
  const int64_t after = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  const std::vector<RecordVersion> altman = Value(store->Versions("sam-altman"));
  REQUIRE(altman.size() == 1);
  CHECK(altman[0].recorded_at >= before);
  CHECK(altman[0].recorded_at <= after);
  CHECK(altman[0].source.empty());
  // A source is recorded when it was published, whatever the import time.
  CHECK(Value(store->Versions("yonhap-2025-02-04")) ==
        std::vector<RecordVersion>{Version(kYonhap, kFebruary4, "yonhap-2025-02-04", 1)});
}

// Two versions of one unsourced id in one import share a record time; a second run of the same
// input at a later time must recognise both (IsDuplicateVersion looks at every version recorded
// at the instant of the one in effect, not only at that one).
TEST_CASE("re-running an input with two versions of an unsourced id is a no-op",
          "[storage][versions]") {
  TempDir temp(kTempPrefix);
  std::unique_ptr<Store> store = OpenStore(temp.path(), OpenMode::kReadWrite);
  const std::string v1 =
      R"j({"type":"entity","id":"acme","name":"Acme","kind":"organization","aliases":["ACME Corp"]})j";
  const std::string v2 =
      R"j({"type":"entity","id":"acme","name":"Acme","kind":"organization","aliases":["Acme Inc"]})j";
  ImportResult first = ImportOk(*store, {v1, v2}, 1000);
  CHECK(first.versions == std::map<std::string, size_t>{{"entity", 1}});
  const std::vector<RecordVersion> versions = Value(store->Versions("acme"));
  REQUIRE(versions.size() == 2);
  ImportResult again = ImportOk(*store, {v1, v2}, 2000);
  CHECK(again.tx == 0);
  CHECK(again.unchanged == 2);
  CHECK(Value(store->Versions("acme")) == versions);
}

// ---- BulkWriter deletions ------------------------------------------------------------------------

// A plain RocksDB database with one column family besides the default, written through a
// BulkWriter as Store does.
class BulkDb {
 public:
  explicit BulkDb(const std::string& dir) : dir_(dir) {
    options_.create_if_missing = true;
    options_.create_missing_column_families = true;
    // The files an import ingested stay as they were (DataFiles counts them).
    options_.disable_auto_compactions = true;
    rocksdb::ColumnFamilyOptions family_options;
    family_options.disable_auto_compactions = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> descriptors = {
        {rocksdb::kDefaultColumnFamilyName, family_options}, {"data", family_options}};
    rocksdb::DB* raw_db = nullptr;
    rocksdb::Status status = rocksdb::DB::Open(options_, dir, descriptors, &handles_, &raw_db);
    if (!status.ok()) FAIL("cannot open " << dir << ": " << status.ToString());
    db_.reset(raw_db);
  }
  ~BulkDb() {
    for (rocksdb::ColumnFamilyHandle* handle : handles_) {
      db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
    }
    db_->Close().PermitUncheckedError();
  }

  // A writer with its own scratch directory (LastScratchDir()), "import-N.tmp" in the
  // database's directory, like the scratch directories of Store's imports.
  std::unique_ptr<BulkWriter> Writer(size_t memory_budget_bytes = size_t{256} << 20,
                                     uint64_t slice_input_bytes = uint64_t{128} << 20) {
    last_scratch_dir_ = dir_ + "/import-" + std::to_string(next_writer_++) + ".tmp";
    return std::make_unique<BulkWriter>(
        db_.get(),
        std::vector<BulkWriter::Family>{{handles_[0], &options_}, {handles_[1], &options_}},
        last_scratch_dir_, memory_budget_bytes, slice_input_bytes);
  }
  // The number of table files of the data family.
  size_t DataFiles() const {
    std::vector<rocksdb::LiveFileMetaData> files;
    db_->GetLiveFilesMetaData(&files);
    return static_cast<size_t>(std::count_if(files.begin(), files.end(), [](const auto& file) {
      return file.column_family_name == "data";
    }));
  }
  // The scratch directory of the last writer made.
  const std::string& LastScratchDir() const { return last_scratch_dir_; }

  // The names of the entries of the database's directory that start with "import-".
  std::vector<std::string> ScratchEntries() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir_)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with("import-")) names.push_back(name);
    }
    return names;
  }

  // The data family, whole.
  std::map<std::string, std::string> Data() const {
    std::map<std::string, std::string> data;
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[1]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      data.emplace(it->key().ToString(), it->value().ToString());
    }
    REQUIRE(it->status().ok());
    return data;
  }

 private:
  std::string dir_;
  rocksdb::Options options_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
  int next_writer_ = 0;
  std::string last_scratch_dir_;
};

// The run files a writer has spilled into its scratch directory (none when it has none).
size_t RunFiles(const std::string& scratch_dir) {
  size_t runs = 0;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(scratch_dir, error)) {
    if (entry.path().filename().string().starts_with("run-")) ++runs;
  }
  return runs;
}

TEST_CASE("a BulkWriter deletes keys of earlier imports; the last Put or Delete of a key wins",
          "[storage][versions][bulk_writer]") {
  TempDir temp(kTempPrefix);
  BulkDb db(temp.path());
  {
    std::unique_ptr<BulkWriter> writer = db.Writer();
    for (const char* key : {"k1", "k2", "k3", "k5"}) {
      REQUIRE(writer->Put(1, key, std::string("v1-") + key).ok());
    }
    REQUIRE(writer->Put(0, "meta", "1").ok());
    REQUIRE(writer->Commit().ok());
  }
  const std::map<std::string, std::string> first_import = {
      {"k1", "v1-k1"}, {"k2", "v1-k2"}, {"k3", "v1-k3"}, {"k5", "v1-k5"}};
  REQUIRE(db.Data() == first_import);
  REQUIRE(db.ScratchEntries().empty());

  SECTION("in one buffer") {
    std::unique_ptr<BulkWriter> writer = db.Writer();
    REQUIRE(writer->Delete(1, "k1").ok());       // stored earlier: removed
    REQUIRE(writer->Delete(1, "k2").ok());       // deleted, then put again: the put wins
    REQUIRE(writer->Put(1, "k2", "v2-k2").ok());
    REQUIRE(writer->Put(1, "k3", "v2-k3").ok());  // put, then deleted: the delete wins
    REQUIRE(writer->Delete(1, "k3").ok());
    REQUIRE(writer->Delete(1, "k4").ok());       // never stored: nothing to remove
    REQUIRE(writer->Put(1, "k6", "v2-k6").ok());
    REQUIRE(writer->Commit().ok());
    CHECK(db.Data() == std::map<std::string, std::string>{
                           {"k2", "v2-k2"}, {"k5", "v1-k5"}, {"k6", "v2-k6"}});
  }
  SECTION("an import of deletions only") {
    std::unique_ptr<BulkWriter> writer = db.Writer();
    REQUIRE(writer->Delete(1, "k1").ok());
    REQUIRE(writer->Delete(1, "k5").ok());
    REQUIRE(writer->Commit().ok());
    CHECK(db.Data() == std::map<std::string, std::string>{{"k2", "v1-k2"}, {"k3", "v1-k3"}});
  }
  SECTION("across runs written under a small memory budget") {
    // Each entry is ~40 bytes with its bookkeeping: a 100-byte budget starts a run every
    // entry or two, so the puts and deletes of one key land in different runs.
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/100);
    REQUIRE(writer->Delete(1, "k2").ok());
    for (int filler = 0; filler < 20; ++filler) {
      REQUIRE(writer->Put(1, "f" + std::to_string(filler), "x").ok());
    }
    REQUIRE(writer->Put(1, "k2", "v2-k2").ok());
    REQUIRE(writer->Put(1, "k3", "v2-k3").ok());
    for (int filler = 20; filler < 40; ++filler) {
      REQUIRE(writer->Put(1, "f" + std::to_string(filler), "x").ok());
    }
    REQUIRE(writer->Delete(1, "k3").ok());
    REQUIRE(writer->Delete(1, "k1").ok());
    for (int filler = 0; filler < 40; filler += 2) {
      REQUIRE(writer->Delete(1, "f" + std::to_string(filler)).ok());
    }
    // Runs were spilled: the scratch directory exists before Commit.
    const std::string scratch = db.LastScratchDir();
    CHECK(fs::is_directory(scratch));
    REQUIRE(writer->Commit().ok());
    CHECK(RunFiles(scratch) > 0);  // the runs stay until the writer goes
    writer.reset();
    CHECK_FALSE(fs::exists(scratch));
    CHECK(db.ScratchEntries().empty());
    std::map<std::string, std::string> expected = {{"k2", "v2-k2"}, {"k5", "v1-k5"}};
    for (int filler = 1; filler < 40; filler += 2) expected["f" + std::to_string(filler)] = "x";
    CHECK(db.Data() == expected);
  }
  SECTION("merged in many slices, across many runs") {
    // 600 keys in scrambled order, each put up to three times (the last wins) and every fifth
    // deleted in the end; runs every few entries, slices of ~300 bytes of input.
    std::map<std::string, std::string> expected = first_import;
    std::unique_ptr<BulkWriter> writer =
        db.Writer(/*memory_budget_bytes=*/2000, /*slice_input_bytes=*/300);
    for (int round = 0; round < 3; ++round) {
      for (int n = 0; n < 600; ++n) {
        if ((n + round) % 3 == 0 && round > 0) continue;
        const std::string key = "key-" + std::to_string((n * 7919) % 600 + 1000);
        const std::string value = std::string("v").append(std::to_string(round)) + "-" + key;
        REQUIRE(writer->Put(1, key, value).ok());
        expected[key] = value;
      }
    }
    for (int n = 0; n < 600; n += 5) {
      const std::string key = "key-" + std::to_string(n + 1000);
      REQUIRE(writer->Delete(1, key).ok());
      expected.erase(key);
    }
    REQUIRE(writer->Delete(1, "k1").ok());
    expected.erase("k1");
    CHECK(RunFiles(db.LastScratchDir()) > 10);
    REQUIRE(writer->Commit().ok());
    CHECK(db.Data() == expected);
    CHECK(db.DataFiles() > 3);  // one file or more per slice, in key order, none overlapping
  }
  SECTION("entries larger than a run reader's buffer, and entries across its refills") {
    // Runs are read through a 64 KiB buffer each: values from 1 byte to 200,000 bytes, each
    // in runs of its own or with a few others, so that entries straddle refills, fill them
    // exactly or exceed them; one key is put twice with values of different sizes.
    std::map<std::string, std::string> expected = first_import;
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/300000);
    for (int n = 0; n < 60; ++n) {
      const size_t size = n % 3 == 0 ? size_t{65536} - 3 + n % 7 : (size_t{1} << (n % 18)) + n;
      const std::string key = "big-" + std::to_string((n * 37) % 60 + 100);
      const std::string value(size, static_cast<char>('a' + n % 26));
      REQUIRE(writer->Put(1, key, value).ok());
      expected[key] = value;
    }
    REQUIRE(writer->Put(1, "big-105", std::string(200000, 'z')).ok());
    expected["big-105"] = std::string(200000, 'z');
    CHECK(RunFiles(db.LastScratchDir()) > 3);
    REQUIRE(writer->Commit().ok());
    CHECK(db.Data() == expected);
  }
  SECTION("entries larger than a buffer's chunk, among small ones, over runs that reuse memory") {
    // A buffer's memory is 4 MiB chunks, reused run after run; an entry larger than a chunk
    // gets one of its own, which is not reused. Values of 5 MiB between runs of small ones.
    std::map<std::string, std::string> expected = first_import;
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/size_t{256} << 10);
    for (int n = 0; n < 3000; ++n) {
      const bool huge = n % 1000 == 500;
      const std::string key = "mixed-" + std::to_string((n * 7919) % 3000 + 10000);
      const std::string value(huge ? size_t{5} << 20 : size_t{200} + n % 300,
                              static_cast<char>('a' + n % 26));
      REQUIRE(writer->Put(1, key, value).ok());
      expected[key] = value;
    }
    CHECK(RunFiles(db.LastScratchDir()) > 6);
    REQUIRE(writer->Commit().ok());
    CHECK(db.Data() == expected);
  }
  SECTION("with few open files allowed, the merge reopens each run at every refill") {
    // 40 runs of about 100 KiB (values of 20-60 KiB, so that entries cross the readers' 64 KiB
    // refills): with 40 files allowed open, 40 runs on two threads do not fit in half of them.
    rlimit saved{};
    REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
    std::map<std::string, std::string> expected = first_import;
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/200000);
    for (int n = 0; n < 120; ++n) {
      const std::string key = "wide-" + std::to_string((n * 53) % 120 + 100);
      const std::string value(size_t{20000} + size_t{400} * static_cast<size_t>(n % 100),
                              static_cast<char>('a' + n % 26));
      REQUIRE(writer->Put(1, key, value).ok());
      expected[key] = value;
    }
    CHECK(RunFiles(db.LastScratchDir()) >= 30);
    rlimit few = saved;
    few.rlim_cur = 40;
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &few) == 0);
    const Status committed = writer->Commit();
    REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
    REQUIRE(committed.ok());
    CHECK(db.Data() == expected);
  }
  SECTION("a damaged run fails the commit, which adds nothing") {
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/100);
    for (int put = 0; put < 40; ++put) {
      REQUIRE(writer->Put(1, "a" + std::to_string(put), "lost").ok());
    }
    // The first run is complete: each new run waited for the one before.
    const std::string run = db.LastScratchDir() + "/run-0";
    REQUIRE(fs::file_size(run) > 3);
    fs::resize_file(run, 3);
    Status committed = writer->Commit();
    REQUIRE_FALSE(committed.ok());
    CHECK(committed.code() == StatusCode::kIoError);
    CHECK(committed.message() == "cannot read " + run);
    writer.reset();
    CHECK(db.Data() == first_import);
    CHECK(db.ScratchEntries().empty());
  }
  SECTION("a writer destroyed without Commit adds nothing and leaves no scratch files") {
    std::unique_ptr<BulkWriter> writer = db.Writer(/*memory_budget_bytes=*/100);
    for (int put = 0; put < 40; ++put) {
      // New keys, and keys of the first import overwritten.
      const std::string key = put % 4 == 0 ? "k" + std::to_string(put % 3 + 1)
                                           : "a" + std::to_string(put);
      REQUIRE(writer->Put(1, key, "abandoned").ok());
    }
    const std::string scratch = db.LastScratchDir();
    CHECK(fs::is_directory(scratch));  // runs were spilled
    CHECK(db.Data() == first_import);  // nothing is visible before a Commit
    writer.reset();
    CHECK(db.Data() == first_import);
    CHECK_FALSE(fs::exists(scratch));
    CHECK(db.ScratchEntries().empty());
  }
}

}  // namespace
}  // namespace chronicle::storage
