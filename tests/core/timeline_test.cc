#include "core/timeline.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {
namespace {

Edtf MustParseEdtf(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  INFO("when: " << text);
  REQUIRE(edtf.ok());
  return *edtf;
}

Event MakeEvent(std::string id, std::string_view when) {
  Event event;
  event.id = std::move(id);
  event.title = "Event " + event.id;
  event.kind = "meeting";
  event.when = MustParseEdtf(when);
  return event;
}

TimelineRow Row(std::string id, std::string_view when) {
  return MakeTimelineRow(MakeEvent(std::move(id), when));
}

// A filter for --from `from` --to `to`; "" leaves that side open.
TimelineFilter Between(std::string_view from, std::string_view to) {
  TimelineFilter filter;
  if (!from.empty()) {
    Result<int32_t> day = ParseFromBound(from);
    REQUIRE(day.ok());
    filter.from_day = *day;
  }
  if (!to.empty()) {
    Result<int32_t> day = ParseToBound(to);
    REQUIRE(day.ok());
    filter.to_day = *day;
  }
  return filter;
}

std::vector<std::string> SortedIds(std::vector<TimelineRow> rows) {
  std::sort(rows.begin(), rows.end(), TimelineOrder);
  std::vector<std::string> ids;
  for (const TimelineRow& row : rows) ids.push_back(row.event_id);
  return ids;
}

TEST_CASE("a time filter keeps the events that overlap it", "[core][timeline]") {
  SECTION("an event dated by month overlaps the days of that month") {
    const TimelineRow february = Row("e", "2025-02");
    CHECK(Between("2025-02-01", "2025-02-03").Matches(february));
    CHECK(Between("2025-02-28", "").Matches(february));
    CHECK(Between("", "2025-02-01").Matches(february));
    CHECK_FALSE(Between("2025-03-01", "").Matches(february));
    CHECK_FALSE(Between("", "2025-01-31").Matches(february));
  }
  SECTION("a day before the bound does not overlap") {
    CHECK_FALSE(Between("2025-02-01", "").Matches(Row("e", "2025-01-31")));
    CHECK_FALSE(Between("", "2025-02-03").Matches(Row("e", "2025-02-04")));
  }
  SECTION("the bounds are inclusive") {
    CHECK(Between("2025-02-04", "2025-02-04").Matches(Row("e", "2025-02-04")));
    CHECK(Between("2025-02-01", "2025-02-01").Matches(Row("e", "2025-01-31/2025-02-01")));
  }
  SECTION("a bound of month precision covers the whole month") {
    CHECK(Between("2025-02", "2025-02").Matches(Row("e", "2025-02-28")));
    CHECK(Between("2025-02", "2025-02").Matches(Row("e", "2025-02-01")));
    CHECK_FALSE(Between("2025-02", "2025-02").Matches(Row("e", "2025-03-01")));
  }
  SECTION("an interval overlaps a range inside it") {
    CHECK(Between("2025-02-11", "2025-02-12").Matches(Row("e", "2025-02-10/2025-02-14")));
    CHECK_FALSE(Between("2025-02-15", "").Matches(Row("e", "2025-02-10/2025-02-14")));
  }
  SECTION("open and unknown ends reach every bound on their side") {
    CHECK(Between("9999-12-31", "").Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("Y30000", "").Matches(Row("e", "2025-01-21/")));
    CHECK_FALSE(Between("", "2025-01-20").Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("", "-9999").Matches(Row("e", "../1985")));
    CHECK(Between("", "-9999").Matches(Row("e", "/1985-04-12")));
    CHECK_FALSE(Between("1985-04-13", "").Matches(Row("e", "/1985-04-12")));
  }
  SECTION("without bounds everything matches") {
    const TimelineFilter all;
    CHECK_FALSE(all.HasTimeBounds());
    CHECK(all.Matches(Row("e", "-0044-03-15")));
    CHECK(all.Matches(Row("e", "2025-01-21/..")));
    CHECK(Between("2025-01-01", "").HasTimeBounds());
    CHECK(Between("", "2025-01-01").HasTimeBounds());
  }
}

TEST_CASE("kind and status filters match exactly", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.kind = "press-conference";
  event.status = EventStatus::kPlanned;
  const TimelineRow row = MakeTimelineRow(event);
  TimelineFilter filter;
  SECTION("kind") {
    filter.kind = "press-conference";
    CHECK(filter.Matches(row));
    filter.kind = "press";
    CHECK_FALSE(filter.Matches(row));
    filter.kind = "meeting";
    CHECK_FALSE(filter.Matches(row));
  }
  SECTION("status") {
    filter.status = EventStatus::kPlanned;
    CHECK(filter.Matches(row));
    filter.status = EventStatus::kOccurred;
    CHECK_FALSE(filter.Matches(row));
  }
  SECTION("all filters must hold") {
    filter = Between("2025-02-01", "2025-02-28");
    filter.kind = "press-conference";
    filter.status = EventStatus::kPlanned;
    CHECK(filter.Matches(row));
    filter.status = EventStatus::kCancelled;
    CHECK_FALSE(filter.Matches(row));
    filter.status = EventStatus::kPlanned;
    filter.from_day = DayNumber(2025, 2, 5);
    CHECK_FALSE(filter.Matches(row));
  }
}

TEST_CASE("timeline order is earliest day, then latest day, then event id", "[core][timeline]") {
  SECTION("a month sorts after the day before it and before the days after its first") {
    CHECK(SortedIds({Row("mid-february", "2025-02-02"), Row("february", "2025-02"),
                     Row("end-of-january", "2025-01-31")}) ==
          std::vector<std::string>{"end-of-january", "february", "mid-february"});
  }
  SECTION("a month sorts after its own first day, which ends sooner") {
    CHECK(SortedIds({Row("february", "2025-02"), Row("first", "2025-02-01")}) ==
          std::vector<std::string>{"first", "february"});
  }
  SECTION("an interval sorts after a single day starting the same day") {
    CHECK(SortedIds({Row("a-week", "2025-02-10/2025-02-14"), Row("b-day", "2025-02-10")}) ==
          std::vector<std::string>{"b-day", "a-week"});
  }
  SECTION("equal days sort by id") {
    CHECK(SortedIds({Row("c", "2025-02-04"), Row("a", "2025-02-04"), Row("b", "2025-02-04")}) ==
          std::vector<std::string>{"a", "b", "c"});
  }
  SECTION("open starts come first and open ends last") {
    CHECK(SortedIds({Row("since-2025", "2025/.."), Row("in-2025", "2025"),
                     Row("until-2025", "../2025"), Row("bc", "-0044-03-15")}) ==
          std::vector<std::string>{"until-2025", "bc", "in-2025", "since-2025"});
  }
  SECTION("the order is strict") {
    const TimelineRow row = Row("a", "2025-02-04");
    CHECK_FALSE(TimelineOrder(row, row));
    CHECK(TimelineOrder(Row("a", "2025-02-04"), Row("b", "2025-02-04")));
    CHECK_FALSE(TimelineOrder(Row("b", "2025-02-04"), Row("a", "2025-02-04")));
  }
}

TEST_CASE("RoleOf names every role the entity plays", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.participants = {{"son-masayoshi", "host"},
                        {"sam-altman", ""},
                        {"son-masayoshi", "speaker"},
                        {"son-masayoshi", "host"}};
  event.place = "seoul";
  SECTION("several roles joined with commas, each once") {
    CHECK(RoleOf(event, "son-masayoshi") == "host,speaker");
  }
  SECTION("a participant without a role") { CHECK(RoleOf(event, "sam-altman") == "participant"); }
  SECTION("the place") { CHECK(RoleOf(event, "seoul") == "place"); }
  SECTION("a participant that is also the place") {
    event.place = "son-masayoshi";
    CHECK(RoleOf(event, "son-masayoshi") == "host,speaker,place");
  }
  SECTION("an entity that takes no part") {
    CHECK(RoleOf(event, "openai").empty());
    CHECK(RoleOf(event, "").empty());
  }
}

TEST_CASE("EntitiesOf lists participants then the place, each once", "[core][timeline]") {
  Event event = MakeEvent("e", "2025-02-04");
  event.participants = {{"sam-altman", "guest"}, {"son-masayoshi", "host"}, {"sam-altman", "speaker"}};
  SECTION("with a place") {
    event.place = "seoul";
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi", "seoul"});
  }
  SECTION("a place that is also a participant") {
    event.place = "son-masayoshi";
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi"});
  }
  SECTION("without a place") {
    CHECK(EntitiesOf(event) == std::vector<std::string>{"sam-altman", "son-masayoshi"});
  }
  SECTION("no one at all") {
    event.participants.clear();
    CHECK(EntitiesOf(event).empty());
  }
}

TEST_CASE("MakeTimelineRow copies the event and lists each source once", "[core][timeline]") {
  Event event = MakeEvent("2025-02-04-seoul-meeting", "2025-02~");
  event.title = "Son and Altman meet Lee";
  event.kind = "meeting";
  event.status = EventStatus::kReported;
  event.place = "seoul";
  event.participants = {{"son-masayoshi", "host"}};
  event.sources = {{"yonhap", "quote one"}, {"chosunbiz", ""}, {"yonhap", "quote two"}};
  const TimelineRow row = MakeTimelineRow(event);
  CHECK(row.event_id == "2025-02-04-seoul-meeting");
  CHECK(row.title == "Son and Altman meet Lee");
  CHECK(row.kind == "meeting");
  CHECK(row.when == "2025-02~");
  CHECK(row.earliest_day == DayNumber(2025, 2, 1));
  CHECK(row.latest_day == DayNumber(2025, 2, 28));
  CHECK(row.status == EventStatus::kReported);
  CHECK(row.role.empty());
  CHECK(row.place == "seoul");
  CHECK(row.sources == std::vector<std::string>{"yonhap", "chosunbiz"});
  SECTION("an event without sources or place") {
    const TimelineRow bare = Row("e", "2025-02-10/2025-02-14");
    CHECK(bare.when == "2025-02-10/2025-02-14");
    CHECK(bare.earliest_day == DayNumber(2025, 2, 10));
    CHECK(bare.latest_day == DayNumber(2025, 2, 14));
    CHECK(bare.place.empty());
    CHECK(bare.sources.empty());
  }
}

}  // namespace
}  // namespace chronicle
