#include "storage/index_values.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/edtf.h"
#include "core/model.h"
#include "core/timeline.h"
#include "core/zoned_time.h"

namespace chronicle::storage {
namespace {

using namespace std::string_literals;

constexpr uint64_t kMaxTx = std::numeric_limits<uint64_t>::max();
constexpr EventStatus kAllStatuses[] = {EventStatus::kOccurred, EventStatus::kPlanned,
                                        EventStatus::kReported, EventStatus::kCancelled,
                                        EventStatus::kPostponed};

TimelineRow FullRow() {
  TimelineRow row;
  row.event_id = "2025-02-04-seocho-meeting";
  row.title = "이재용·손정의 서초 회동";
  row.kind = "meeting";
  row.when = "2025-02-10/2025-02-16";
  row.status = EventStatus::kReported;
  row.role = "host,place";
  row.place = "samsung-seocho-office";
  row.sources = {"chosunbiz-2025-02-04", "yonhap-2025-02-04-stargate"};
  row.tz = "Asia/Seoul";
  row.part_of_day = PartOfDay::kAfternoon;
  row.recorded_at = 1'738'627'200;  // 2025-02-04T00:00:00Z
  row.versioned = true;
  return row;
}

constexpr PartOfDay kAllParts[] = {PartOfDay::kMorning, PartOfDay::kNoon, PartOfDay::kAfternoon,
                                   PartOfDay::kEvening, PartOfDay::kNight};

// DecodeTimelineValue into a TimelineRow: every field but the days (the key's, left as they are).
bool DecodeRow(std::string_view value, uint64_t* tx, TimelineRow* row) {
  TimelineRowView view;
  std::string sources;
  if (!DecodeTimelineValue(value, tx, &view, &sources)) return false;
  view.earliest_day = row->earliest_day;
  view.latest_day = row->latest_day;
  AssignRow(view, row);
  return true;
}

// Decodes `value` into a row whose every field holds something else, so that a field the
// decoder forgot to fill shows up.
bool DecodeIntoUsedRow(std::string_view value, uint64_t* tx, TimelineRow* row) {
  row->event_id = "stale-id";
  row->title = "stale title";
  row->kind = "stale";
  row->when = "1999";
  row->status = EventStatus::kPostponed;
  row->role = "stale-role";
  row->place = "stale-place";
  row->sources = {"stale-1", "stale-2", "stale-3"};
  row->tz = "Europe/Stale";
  row->part_of_day = PartOfDay::kNight;
  row->recorded_at = -999;
  row->versioned = true;
  *tx = 999;
  return DecodeRow(value, tx, row);
}

void CheckTimelineRoundTrip(uint64_t tx, const TimelineRow& row) {
  const std::string value = EncodeTimelineValue(tx, row);
  uint64_t decoded_tx = 0;
  TimelineRow decoded;
  decoded.earliest_day = 12'345;
  decoded.latest_day = 12'400;
  REQUIRE(DecodeIntoUsedRow(value, &decoded_tx, &decoded));
  CHECK(decoded_tx == tx);
  CHECK(decoded.event_id == row.event_id);
  CHECK(decoded.title == row.title);
  CHECK(decoded.kind == row.kind);
  CHECK(decoded.when == row.when);
  CHECK(decoded.status == row.status);
  CHECK(decoded.role == row.role);
  CHECK(decoded.place == row.place);
  CHECK(decoded.sources == row.sources);
  CHECK(decoded.recorded_at == row.recorded_at);
  CHECK(decoded.versioned == row.versioned);
  CHECK(decoded.tz == row.tz);
  CHECK(decoded.part_of_day == row.part_of_day);
  // The days live in the key: decoding leaves them alone.
  CHECK(decoded.earliest_day == 12'345);
  CHECK(decoded.latest_day == 12'400);
}

void CheckEdgeRoundTrip(const EdgeValue& edge) {
  EdgeValue decoded{/*tx=*/999,  /*outgoing=*/!edge.outgoing, EventStatus::kPostponed,
                    "stale-id",    "stale-kind",                "stale-other",
                    "1999",        /*recorded_at=*/-999,        /*versioned=*/!edge.versioned};
  REQUIRE(DecodeEdgeValue(EncodeEdgeValue(edge), &decoded));
  CHECK(decoded.tx == edge.tx);
  CHECK(decoded.outgoing == edge.outgoing);
  CHECK(decoded.status == edge.status);
  CHECK(decoded.relation_id == edge.relation_id);
  CHECK(decoded.kind == edge.kind);
  CHECK(decoded.other_entity_id == edge.other_entity_id);
  CHECK(decoded.when == edge.when);
  CHECK(decoded.recorded_at == edge.recorded_at);
  CHECK(decoded.versioned == edge.versioned);
}

// ---- Timeline / time values -----------------------------------------------------------------

TEST_CASE("a timeline value encoded once takes each entity's role", "[storage][index_values]") {
  TimelineRow row;
  row.event_id = "seocho-meeting";
  row.title = "이재용·손정의 서초 회동";
  row.kind = "meeting";
  row.when = "2025-02-04";
  row.role = "ignored";
  row.place = "seoul";
  row.sources = {"yonhap-2025-02-04"};
  row.recorded_at = 1'738'627'200;
  row.tz = "Asia/Seoul";
  row.part_of_day = PartOfDay::kAfternoon;
  const TimelineValueWithoutRole encoded(7, row);
  const std::string long_role(200, 'r');  // a two-byte length prefix
  for (std::string_view role : {std::string_view(""), std::string_view("host"),
                                std::string_view("guest,place"), std::string_view(long_role)}) {
    INFO(role.substr(0, 20));
    TimelineRow with_role = row;
    with_role.role = std::string(role);
    CHECK(encoded.With(role) == EncodeTimelineValue(7, with_role));
    CheckTimelineRoundTrip(7, with_role);
  }
}

TEST_CASE("a timeline value keeps its exact byte layout", "[storage][index_values]") {
  TimelineRow row;
  row.event_id = "e";
  row.title = "T";
  row.kind = "k";
  row.when = "2025";
  row.status = EventStatus::kPlanned;
  row.role = "r";
  row.place = "p";
  row.sources = {"s1", "s2"};
  row.recorded_at = 300;
  row.versioned = true;
  row.tz = "Asia/Seoul";
  row.part_of_day = PartOfDay::kAfternoon;
  // varint tx, status, then length-prefixed id, title, kind, when, role, place, source count
  // and source ids; then zigzag varint recorded-at (300 -> 600 = D8 04), flags (1 = versioned),
  // length-prefixed tz and part of day + 1 (afternoon = 2 -> 3).
  CHECK(EncodeTimelineValue(300, row) ==
        "\xAC\x02\x02"
        "\x01"
        "e\x01T\x01k\x04"
        "2025\x01r\x01p\x02\x02s1\x02s2"
        "\xD8\x04\x01\x0A"
        "Asia/Seoul\x03"s);
  // Every field empty: recorded-at 0, no flags, no zone, no part of day.
  CHECK(EncodeTimelineValue(0, TimelineRow()) ==
        "\x00\x01\x00\x00\x00\x00\x00\x00\x00"
        "\x00\x00\x00\x00"s);
  SECTION("record times before 1970 are zigzag-encoded, and each part of day has its byte") {
    TimelineRow plain;
    plain.recorded_at = -1;  // zigzag 1
    plain.part_of_day = PartOfDay::kMorning;
    CHECK(EncodeTimelineValue(0, plain) ==
          "\x00\x01\x00\x00\x00\x00\x00\x00\x00"
          "\x01\x00\x00\x01"s);
    plain.recorded_at = 1'738'627'200;  // zigzag 3'477'254'400
    plain.part_of_day = PartOfDay::kNight;
    CHECK(EncodeTimelineValue(0, plain) ==
          "\x00\x01\x00\x00\x00\x00\x00\x00\x00"
          "\x80\xE2\x8A\xFA\x0C\x00\x00\x05"s);
  }
}

TEST_CASE("a timeline value decodes to the row it encodes", "[storage][index_values]") {
  SECTION("every field set, Hangul title") { CheckTimelineRoundTrip(42, FullRow()); }
  SECTION("every string empty, no sources") {
    TimelineRow row;
    row.status = EventStatus::kOccurred;
    CheckTimelineRoundTrip(1, row);
  }
  SECTION("empty strings between non-empty ones") {
    TimelineRow row = FullRow();
    row.title.clear();
    row.role.clear();
    row.sources = {"", "only-source", ""};
    CheckTimelineRoundTrip(7, row);
  }
  SECTION("every status") {
    for (EventStatus status : kAllStatuses) {
      INFO(EventStatusName(status));
      TimelineRow row = FullRow();
      row.status = status;
      CheckTimelineRoundTrip(3, row);
    }
  }
  SECTION("import numbers at varint boundaries") {
    for (uint64_t tx : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{16'383},
                        uint64_t{16'384}, uint64_t{1} << 63, kMaxTx}) {
      INFO(tx);
      CheckTimelineRoundTrip(tx, FullRow());
    }
  }
  SECTION("many sources (the count takes two varint bytes)") {
    TimelineRow row = FullRow();
    row.sources.clear();
    for (int source_idx = 0; source_idx < 300; ++source_idx) {
      row.sources.push_back("source-" + std::to_string(source_idx));
    }
    CheckTimelineRoundTrip(5, row);
  }
  SECTION("long Hangul strings (lengths take two varint bytes)") {
    TimelineRow row = FullRow();
    row.title.clear();
    for (int repeat_idx = 0; repeat_idx < 100; ++repeat_idx) row.title += "스타게이트";
    row.place = "서울";
    row.role = "주최";
    row.sources = {"연합뉴스", "조선비즈"};
    REQUIRE(row.title.size() == 1500);
    CheckTimelineRoundTrip(9, row);
  }
  SECTION("every part of day, and none") {
    for (PartOfDay part : kAllParts) {
      INFO(PartOfDayName(part));
      TimelineRow row = FullRow();
      row.part_of_day = part;
      CheckTimelineRoundTrip(4, row);
    }
    TimelineRow row = FullRow();
    row.part_of_day.reset();
    CheckTimelineRoundTrip(4, row);
  }
  SECTION("record times before 1970 and at the int64 extremes; versioned or not") {
    for (int64_t recorded_at : {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-62'135'596'800},
                                std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max()}) {
      for (bool versioned : {false, true}) {
        INFO(recorded_at << (versioned ? " versioned" : " single"));
        TimelineRow row = FullRow();
        row.recorded_at = recorded_at;
        row.versioned = versioned;
        CheckTimelineRoundTrip(2, row);
      }
    }
  }
  SECTION("a zone without a part of day, and a part without a zone") {
    TimelineRow row = FullRow();
    row.part_of_day.reset();
    row.tz = "America/Argentina/ComodRivadavia";
    CheckTimelineRoundTrip(6, row);
    row.tz.clear();
    row.part_of_day = PartOfDay::kMorning;
    CheckTimelineRoundTrip(6, row);
  }
}

TEST_CASE("a timeline value rejects every truncated prefix", "[storage][index_values]") {
  TimelineRow many_sources = FullRow();
  for (int source_idx = 0; source_idx < 200; ++source_idx) {
    many_sources.sources.push_back(std::string("s").append(std::to_string(source_idx)));
  }
  const std::vector<std::string> values = {EncodeTimelineValue(0, TimelineRow()),
                                           EncodeTimelineValue(42, FullRow()),
                                           EncodeTimelineValue(kMaxTx, many_sources)};
  for (const std::string& value : values) {
    for (size_t length = 0; length < value.size(); ++length) {
      INFO("length " << length << " of " << value.size());
      uint64_t tx = 0;
      TimelineRow row;
      CHECK_FALSE(DecodeRow(std::string_view(value).substr(0, length), &tx, &row));
    }
  }
}

TEST_CASE("a timeline value with an unknown status byte is rejected", "[storage][index_values]") {
  std::string value = EncodeTimelineValue(1, FullRow());  // tx 1 is one byte: status at [1]
  REQUIRE(value[1] == static_cast<char>(EventStatus::kReported));
  for (uint8_t status : {uint8_t{0}, uint8_t{6}, uint8_t{0x7F}, uint8_t{0x80}, uint8_t{0xFF}}) {
    INFO(static_cast<int>(status));
    value[1] = static_cast<char>(status);
    uint64_t tx = 0;
    TimelineRow row;
    CHECK_FALSE(DecodeRow(value, &tx, &row));
  }
}

TEST_CASE("a timeline value whose source count exceeds its bytes is rejected",
          "[storage][index_values]") {
  TimelineRow row;
  row.event_id = "e";
  const std::string value = EncodeTimelineValue(1, row);
  // tx, status, "e", five empty strings, the source count at [9], then the four trailing
  // fields (recorded-at, flags, tz, part of day), all zero.
  REQUIRE(value == "\x01\x01\x01"
                   "e\x00\x00\x00\x00\x00\x00"
                   "\x00\x00\x00\x00"s);
  const std::string head = value.substr(0, 9);
  const std::string tail = value.substr(10);
  uint64_t tx = 0;
  TimelineRow decoded;
  REQUIRE(DecodeRow(head + "\x01\x01"
                                     "a" +
                                  tail,
                              &tx, &decoded));
  CHECK(decoded.sources == std::vector<std::string>{"a"});
  // One source where five were announced.
  CHECK_FALSE(DecodeRow(head + "\x05\x01"
                                         "a",
                                  &tx, &decoded));
  // Five announced, one given, then the trailing fields: they are read as four more (empty)
  // sources, and then the trailing fields are missing.
  CHECK_FALSE(DecodeRow(head + "\x05\x01"
                                         "a" +
                                      tail,
                                  &tx, &decoded));
  // A count far beyond the value's size is refused before anything is allocated for it.
  CHECK_FALSE(DecodeRow(head + "\xFF\xFF\xFF\xFF\x0F"s + tail, &tx, &decoded));
}

TEST_CASE("a timeline value with an unknown part-of-day byte is rejected",
          "[storage][index_values]") {
  std::string value = EncodeTimelineValue(1, FullRow());
  REQUIRE(value.back() == static_cast<char>(static_cast<uint8_t>(PartOfDay::kAfternoon) + 1));
  for (uint8_t part : {uint8_t{0}, uint8_t{1}, uint8_t{5}}) {
    INFO(static_cast<int>(part));
    value.back() = static_cast<char>(part);
    uint64_t tx = 0;
    TimelineRow row;
    REQUIRE(DecodeRow(value, &tx, &row));
    CHECK(row.part_of_day ==
          (part == 0 ? std::nullopt : std::optional<PartOfDay>(static_cast<PartOfDay>(part - 1))));
  }
  for (uint8_t part : {uint8_t{6}, uint8_t{0x7F}, uint8_t{0xFF}}) {
    INFO(static_cast<int>(part));
    value.back() = static_cast<char>(part);
    uint64_t tx = 0;
    TimelineRow row;
    CHECK_FALSE(DecodeRow(value, &tx, &row));
  }
}

// ---- Edge values ------------------------------------------------------------------------------

TEST_CASE("an edge value keeps its exact byte layout", "[storage][index_values]") {
  // varint tx, direction (0 out, 1 in), status, then length-prefixed relation id, kind, other
  // end and when, then zigzag varint recorded-at and flags (1 = several versions).
  CHECK(EncodeEdgeValue({5, false, EventStatus::kCancelled, "r", "chairs", "x", ""}) ==
        "\x05\x01\x04\x01r\x06"
        "chairs\x01x\x00"
        "\x00\x00"s);
  CHECK(EncodeEdgeValue({5, true, EventStatus::kOccurred, "r", "k", "x", "2025"}) ==
        "\x05\x00\x01\x01r\x01k\x01x\x04"
        "2025\x00\x00"s);
  // 2025-02-04T00:00:00Z = 1'738'627'200, zigzag 3'477'254'400.
  CHECK(EncodeEdgeValue({5, true, EventStatus::kOccurred, "r", "k", "x", "2025",
                         1'738'627'200, true}) ==
        "\x05\x00\x01\x01r\x01k\x01x\x04"
        "2025\x80\xE2\x8A\xFA\x0C\x01"s);
  // -300 -> zigzag 599 = D7 04.
  CHECK(EncodeEdgeValue({5, true, EventStatus::kOccurred, "r", "k", "x", "", -300, false}) ==
        "\x05\x00\x01\x01r\x01k\x01x\x00\xD7\x04\x00"s);
}

TEST_CASE("an edge value decodes to the edge it encodes", "[storage][index_values]") {
  SECTION("outgoing and incoming") {
    CheckEdgeRoundTrip({7, true, EventStatus::kOccurred, "rel-son-chairs-softbank", "chairs",
                        "softbank-group", "2025-02-04"});
    CheckEdgeRoundTrip({7, false, EventStatus::kOccurred, "rel-son-chairs-softbank", "chairs",
                        "son-masayoshi", "2025-02-04"});
  }
  SECTION("every status") {
    for (EventStatus status : kAllStatuses) {
      INFO(EventStatusName(status));
      CheckEdgeRoundTrip({1, true, status, "r", "invests_in", "openai", "2025/.."});
    }
  }
  SECTION("undated, and every string empty") {
    CheckEdgeRoundTrip({0, true, EventStatus::kPlanned, "r", "k", "x", ""});
    CheckEdgeRoundTrip({0, false, EventStatus::kOccurred, "", "", "", ""});
  }
  SECTION("Hangul and the largest import number") {
    CheckEdgeRoundTrip({kMaxTx, false, EventStatus::kReported, "관계-1", "투자", "소프트뱅크그룹",
                        "../2025-01-01"});
  }
  SECTION("record times and the versioned flag") {
    for (int64_t recorded_at : {int64_t{0}, int64_t{-1}, int64_t{1'738'627'200},
                                std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max()}) {
      for (bool versioned : {false, true}) {
        INFO(recorded_at << (versioned ? " versioned" : " single"));
        CheckEdgeRoundTrip({3, !versioned, EventStatus::kPlanned, "r", "chairs", "x",
                            "2025-02-04", recorded_at, versioned});
      }
    }
  }
}

TEST_CASE("an edge value rejects every truncated prefix", "[storage][index_values]") {
  const std::vector<std::string> values = {
      EncodeEdgeValue({0, true, EventStatus::kOccurred, "", "", "", ""}),
      EncodeEdgeValue({kMaxTx, false, EventStatus::kPostponed, "관계-1", "invests_in",
                       "소프트뱅크그룹", "2025-02-10/2025-02-16",
                       std::numeric_limits<int64_t>::min(), true})};
  for (const std::string& value : values) {
    for (size_t length = 0; length < value.size(); ++length) {
      INFO("length " << length << " of " << value.size());
      EdgeValue edge;
      CHECK_FALSE(DecodeEdgeValue(std::string_view(value).substr(0, length), &edge));
    }
  }
}

TEST_CASE("an edge value with an unknown direction or status byte is rejected",
          "[storage][index_values]") {
  const std::string good = EncodeEdgeValue({1, true, EventStatus::kOccurred, "r", "k", "x", ""});
  // tx 1 is one byte: direction at [1], status at [2].
  SECTION("direction") {
    for (uint8_t direction : {uint8_t{2}, uint8_t{0x80}, uint8_t{0xFF}}) {
      INFO(static_cast<int>(direction));
      std::string value = good;
      value[1] = static_cast<char>(direction);
      EdgeValue edge;
      CHECK_FALSE(DecodeEdgeValue(value, &edge));
    }
  }
  SECTION("status") {
    for (uint8_t status : {uint8_t{0}, uint8_t{6}, uint8_t{0xFF}}) {
      INFO(static_cast<int>(status));
      std::string value = good;
      value[2] = static_cast<char>(status);
      EdgeValue edge;
      CHECK_FALSE(DecodeEdgeValue(value, &edge));
    }
  }
}

// ---- Record values ----------------------------------------------------------------------------

TEST_CASE("a record value keeps its exact byte layout", "[storage][index_values]") {
  // varint tx, zigzag varint recorded-at, varint entity iid, then the JSON text to the end.
  // 300 -> zigzag 600 = D8 04; -1 -> 1; -300 -> 599 = D7 04.
  CHECK(EncodeRecordValue(1, 300, "{}", 2) == "\x01\xD8\x04\x02{}"s);
  CHECK(EncodeRecordValue(1, 0, "{}") == "\x01\x00\x00{}"s);
  CHECK(EncodeRecordValue(1, -1, "{}") == "\x01\x01\x00{}"s);
  CHECK(EncodeRecordValue(1, -300, "{}", 300) == "\x01\xD7\x04\xAC\x02{}"s);
  CHECK(EncodeRecordValue(2, 1'738'627'200, "{}") == "\x02\x80\xE2\x8A\xFA\x0C\x00{}"s);
}

TEST_CASE("a record value decodes to what it encodes; the JSON points into the value",
          "[storage][index_values]") {
  const std::string json =
      R"({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person","aliases":["손정의"]})";

  SECTION("an entity with its internal id") {
    const std::string value = EncodeRecordValue(12, 1'738'627'200, json, 77);
    RecordValue decoded;
    REQUIRE(DecodeRecordValue(value, &decoded));
    CHECK(decoded.tx == 12);
    CHECK(decoded.recorded_at == 1'738'627'200);
    CHECK(decoded.entity_iid == 77);
    CHECK(decoded.json == json);
    CHECK(decoded.json.data() >= value.data());
    CHECK(decoded.json.data() + decoded.json.size() == value.data() + value.size());
  }
  SECTION("another record: the internal id defaults to 0") {
    const std::string value = EncodeRecordValue(3, 5, "{\"type\":\"source\"}");
    RecordValue decoded;
    decoded.entity_iid = 99;
    REQUIRE(DecodeRecordValue(value, &decoded));
    CHECK(decoded.entity_iid == 0);
    CHECK(decoded.json == "{\"type\":\"source\"}");
  }
  SECTION("extreme numbers and empty text") {
    for (int64_t recorded_at : {int64_t{0}, int64_t{-1}, std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max()}) {
      INFO(recorded_at);
      const std::string value = EncodeRecordValue(kMaxTx, recorded_at, "", kMaxTx);
      RecordValue decoded;
      REQUIRE(DecodeRecordValue(value, &decoded));
      CHECK(decoded.tx == kMaxTx);
      CHECK(decoded.recorded_at == recorded_at);
      CHECK(decoded.entity_iid == kMaxTx);
      CHECK(decoded.json.empty());
    }
  }
}

TEST_CASE("a record value rejects every prefix that cuts its header", "[storage][index_values]") {
  // The JSON text runs to the end of the value, so a cut inside it is found when the text is
  // parsed; the numbers before it must be whole.
  // int64 min is zigzag 2^64 - 1: ten varint bytes, as many as kMaxTx.
  const std::string header_only =
      EncodeRecordValue(kMaxTx, std::numeric_limits<int64_t>::min(), "", 1ULL << 40);
  REQUIRE(header_only.size() == 10 + 10 + 6);
  const std::string value = header_only + "{\"id\":\"x\"}";
  for (size_t length = 0; length < header_only.size(); ++length) {
    INFO("length " << length);
    RecordValue decoded;
    CHECK_FALSE(DecodeRecordValue(std::string_view(value).substr(0, length), &decoded));
  }
  RecordValue decoded;
  REQUIRE(DecodeRecordValue(std::string_view(value).substr(0, header_only.size() + 3), &decoded));
  CHECK(decoded.json == "{\"i");
}


// ---- Entity cards -------------------------------------------------------------------------------

// Entity fields are compared one by one: a whole-Entity CHECK would instantiate Catch's
// StringMaker<Entity>, which store_test_util.h specializes for the other files of this
// executable.
Entity CardEntity(std::string name, EntityKind kind, std::vector<std::string> aliases) {
  Entity entity;
  entity.id = "ignored-id";  // the card leaves the id to its key
  entity.name = std::move(name);
  entity.kind = kind;
  entity.aliases = std::move(aliases);
  entity.description = "not on the card";
  entity.attributes = {{"ticker", "005930"}};
  return entity;
}

TEST_CASE("an entity card keeps its exact byte layout", "[storage][index_values]") {
  // varint iid (300 = AC 02), kind (person = 1), length-prefixed name, varint alias count and
  // length-prefixed aliases ("손정의" is 9 UTF-8 bytes). Id, description and attributes are
  // not stored.
  CHECK(EncodeEntityCard(300, CardEntity("Son", EntityKind::kPerson, {"손정의"})) ==
        "\xAC\x02"
        "\x01"
        "\x03Son"
        "\x01"
        "\x09\xEC\x86\x90\xEC\xA0\x95\xEC\x9D\x98"s);
  CHECK(EncodeEntityCard(0, CardEntity("", EntityKind::kOther, {})) == "\x00\x06\x00\x00"s);
}

TEST_CASE("an entity card decodes to the iid, name, kind and aliases it encodes",
          "[storage][index_values]") {
  const std::vector<std::pair<uint64_t, Entity>> cards = {
      {300, CardEntity("Son", EntityKind::kPerson, {"손정의"})},
      {0, CardEntity("", EntityKind::kOther, {})},
      {1, CardEntity("Samsung Electronics", EntityKind::kOrganization, {"삼성전자", "", "SEC"})},
      {kMaxTx, CardEntity("Seoul", EntityKind::kPlace, {"서울"})},
      {1ULL << 35, CardEntity("Stargate", EntityKind::kProject, {})},
      {127, CardEntity("Galaxy S25", EntityKind::kProduct, {"갤럭시"})},
  };
  for (const auto& [iid, entity] : cards) {
    INFO("iid " << iid << " name '" << entity.name << "'");
    const std::string value = EncodeEntityCard(iid, entity);
    EntityCard card;
    card.entity.id = "the-key-id";
    card.entity.aliases = {"stale", "aliases", "from", "a", "previous", "card"};
    REQUIRE(DecodeEntityCard(value, &card));
    CHECK(card.iid == iid);
    CHECK(card.entity.id == "the-key-id");
    CHECK(card.entity.name == entity.name);
    CHECK(card.entity.kind == entity.kind);
    CHECK(card.entity.aliases == entity.aliases);
    CHECK(card.entity.description.empty());
    CHECK(card.entity.attributes == nlohmann::json::object());
    // The encoding is canonical: the decoded card encodes to the same bytes.
    CHECK(EncodeEntityCard(card.iid, card.entity) == value);
  }
}

TEST_CASE("an entity card rejects every truncated prefix and trailing bytes",
          "[storage][index_values]") {
  const std::vector<std::string> values = {
      EncodeEntityCard(300, CardEntity("Son", EntityKind::kPerson, {"손정의"})),
      EncodeEntityCard(0, CardEntity("", EntityKind::kOther, {})),
      EncodeEntityCard(kMaxTx, CardEntity("Samsung", EntityKind::kOrganization,
                                          {"삼성전자", "", "SEC"}))};
  for (const std::string& value : values) {
    for (size_t length = 0; length < value.size(); ++length) {
      INFO("length " << length << " of " << value.size());
      EntityCard card;
      CHECK_FALSE(DecodeEntityCard(std::string_view(value).substr(0, length), &card));
    }
    for (const char extra : {'\x00', '\x01', '\xFF'}) {
      INFO("appended byte " << static_cast<int>(static_cast<uint8_t>(extra)));
      EntityCard card;
      CHECK_FALSE(DecodeEntityCard(value + extra, &card));
    }
  }
}

TEST_CASE("an entity card with an unknown kind byte is rejected", "[storage][index_values]") {
  std::string value = EncodeEntityCard(300, CardEntity("Son", EntityKind::kPerson, {"손정의"}));
  REQUIRE(value[2] == static_cast<char>(EntityKind::kPerson));  // iid 300 is two bytes
  for (uint8_t kind : {uint8_t{0}, uint8_t{7}, uint8_t{0x7F}, uint8_t{0x80}, uint8_t{0xFF}}) {
    INFO(static_cast<int>(kind));
    value[2] = static_cast<char>(kind);
    EntityCard card;
    CHECK_FALSE(DecodeEntityCard(value, &card));
  }
  for (uint8_t kind = static_cast<uint8_t>(EntityKind::kPerson);
       kind <= static_cast<uint8_t>(EntityKind::kOther); ++kind) {
    INFO(static_cast<int>(kind));
    value[2] = static_cast<char>(kind);
    EntityCard card;
    REQUIRE(DecodeEntityCard(value, &card));
    CHECK(card.entity.kind == static_cast<EntityKind>(kind));
  }
}

}  // namespace
}  // namespace chronicle::storage
