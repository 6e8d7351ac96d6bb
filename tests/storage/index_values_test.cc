#include "storage/index_values.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/model.h"
#include "core/timeline.h"

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
  return row;
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
  *tx = 999;
  return DecodeTimelineValue(value, tx, row);
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
  // The days live in the key: decoding leaves them alone.
  CHECK(decoded.earliest_day == 12'345);
  CHECK(decoded.latest_day == 12'400);
}

void CheckEdgeRoundTrip(const EdgeValue& edge) {
  EdgeValue decoded{/*tx=*/999, /*outgoing=*/!edge.outgoing, EventStatus::kPostponed,
                    "stale-id", "stale-kind", "stale-other", "1999"};
  REQUIRE(DecodeEdgeValue(EncodeEdgeValue(edge), &decoded));
  CHECK(decoded.tx == edge.tx);
  CHECK(decoded.outgoing == edge.outgoing);
  CHECK(decoded.status == edge.status);
  CHECK(decoded.relation_id == edge.relation_id);
  CHECK(decoded.kind == edge.kind);
  CHECK(decoded.other_entity_id == edge.other_entity_id);
  CHECK(decoded.when == edge.when);
}

// ---- Timeline / time values -----------------------------------------------------------------

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
  // varint tx, status, then length-prefixed id, title, kind, when, role, place, source count
  // and source ids.
  CHECK(EncodeTimelineValue(300, row) ==
        "\xAC\x02\x02"
        "\x01"
        "e\x01T\x01k\x04"
        "2025\x01r\x01p\x02\x02s1\x02s2"s);
  CHECK(EncodeTimelineValue(0, TimelineRow()) == "\x00\x01\x00\x00\x00\x00\x00\x00\x00"s);
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
}

TEST_CASE("a timeline value rejects every truncated prefix", "[storage][index_values]") {
  TimelineRow many_sources = FullRow();
  for (int source_idx = 0; source_idx < 200; ++source_idx) {
    many_sources.sources.push_back("s" + std::to_string(source_idx));
  }
  const std::vector<std::string> values = {EncodeTimelineValue(0, TimelineRow()),
                                           EncodeTimelineValue(42, FullRow()),
                                           EncodeTimelineValue(kMaxTx, many_sources)};
  for (const std::string& value : values) {
    for (size_t length = 0; length < value.size(); ++length) {
      INFO("length " << length << " of " << value.size());
      uint64_t tx = 0;
      TimelineRow row;
      CHECK_FALSE(DecodeTimelineValue(std::string_view(value).substr(0, length), &tx, &row));
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
    CHECK_FALSE(DecodeTimelineValue(value, &tx, &row));
  }
}

TEST_CASE("a timeline value whose source count exceeds its bytes is rejected",
          "[storage][index_values]") {
  TimelineRow row;
  row.event_id = "e";
  std::string value = EncodeTimelineValue(1, row);
  REQUIRE(value.back() == '\x00');  // the source count
  value.back() = '\x05';
  value += "\x01"
           "a";  // one source where five were announced
  uint64_t tx = 0;
  TimelineRow decoded;
  CHECK_FALSE(DecodeTimelineValue(value, &tx, &decoded));
  // A count far beyond the value's size is refused before anything is allocated for it.
  std::string huge = EncodeTimelineValue(1, row);
  huge.pop_back();
  huge += "\xFF\xFF\xFF\xFF\x0F"s;
  CHECK_FALSE(DecodeTimelineValue(huge, &tx, &decoded));
}

// ---- Edge values ------------------------------------------------------------------------------

TEST_CASE("an edge value keeps its exact byte layout", "[storage][index_values]") {
  // varint tx, direction (0 out, 1 in), status, then length-prefixed relation id, kind, other
  // end and when.
  CHECK(EncodeEdgeValue({5, false, EventStatus::kCancelled, "r", "chairs", "x", ""}) ==
        "\x05\x01\x04\x01r\x06"
        "chairs\x01x\x00"s);
  CHECK(EncodeEdgeValue({5, true, EventStatus::kOccurred, "r", "k", "x", "2025"}) ==
        "\x05\x00\x01\x01r\x01k\x01x\x04"
        "2025"s);
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
}

TEST_CASE("an edge value rejects every truncated prefix", "[storage][index_values]") {
  const std::vector<std::string> values = {
      EncodeEdgeValue({0, true, EventStatus::kOccurred, "", "", "", ""}),
      EncodeEdgeValue({kMaxTx, false, EventStatus::kPostponed, "관계-1", "invests_in",
                       "소프트뱅크그룹", "2025-02-10/2025-02-16"})};
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
  // varint tx, varint recorded-at, varint entity iid, then the JSON text to the end.
  CHECK(EncodeRecordValue(1, 300, "{}", 2) == "\x01\xAC\x02\x02{}"s);
  CHECK(EncodeRecordValue(1, 0, "{}") == "\x01\x00\x00{}"s);
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
  const std::string header_only = EncodeRecordValue(kMaxTx, -1, "", 1ULL << 40);
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

}  // namespace
}  // namespace chronicle::storage
