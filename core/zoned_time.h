// Times of day and time zones: parts of the day ("morning", 오후), the instants an event's `when`
// covers once its zone is known, their order across zones, and their display in another zone.
//
// An EDTF value alone names local calendar dates; an event's `tz` (an IANA name such as
// Asia/Seoul) pins them to instants. "2025-01-21" in America/New_York and "2025-01-22" in
// Asia/Seoul are both days, but as instants the Seoul day starts ten hours before the Washington
// day ends; InstantRange and InstantOrder make that comparison.
//
// Zone rules come from the system tz database (/usr/share/zoneinfo, read by Howard Hinnant's
// date library built with USE_OS_TZDB). Known limitation: that reader applies no rule beyond the
// last transition stored in the zone file, so daylight saving time after 2037 is not applied
// (America/New_York stays on EST in July 2045).
//
// Thread-safety: plain values and pure functions; the tz database is loaded once, safely, on
// first use by any thread.
#ifndef CHRONICLE_CORE_ZONED_TIME_H_
#define CHRONICLE_CORE_ZONED_TIME_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/edtf.h"
#include "core/status.h"

namespace chronicle {

// A part of the day that EDTF cannot express. May be stored: do not renumber.
//
// Local hours, half-open [begin, end), following TIMEX3's MO/MI/AF/EV/NI values with Duckling's
// Korean rules as a check (Duckling: 아침 04-12, 오후 12-19), fixed here as:
//   morning    [05:00, 12:00)
//   noon       [12:00, 13:00)
//   afternoon  [12:00, 18:00)   overlaps noon, as in TIMEX3 and Duckling
//   evening    [18:00, 22:00)
//   night      [22:00, 05:00 of the next day): the night OF a day starts that evening, so the
//              small hours of 5 February belong to the night of 4 February.
enum class PartOfDay : uint8_t {
  kMorning = 0,
  kNoon = 1,
  kAfternoon = 2,
  kEvening = 3,
  kNight = 4,
};

// "morning", "noon", "afternoon", "evening", "night".
std::string_view PartOfDayName(PartOfDay part);

// The English names in enum order, for help texts and error messages.
const std::vector<std::string>& PartOfDayNames();

// Parses an English name (ASCII case-insensitive: "Morning" is accepted) or one of the Korean
// words 아침 / 오전 (morning), 정오 (noon), 오후 (afternoon), 저녁 (evening), 밤 (night).
// White space around the word is not accepted. Returns InvalidArgument with field
// "part_of_day" otherwise: "unknown part of day 'dusk' (expected morning, noon, afternoon,
// evening or night; in Korean 아침, 오전, 정오, 오후, 저녁 or 밤)".
[[nodiscard]] Result<PartOfDay> ParsePartOfDay(std::string_view text);

// Where a part of day lies within its local day, in minutes after local midnight, half-open.
// end_minute exceeds 24 * 60 when the part runs into the next day (night: 1320..1740).
struct PartOfDaySpan {
  int32_t begin_minute = 0;
  int32_t end_minute = 0;
};
PartOfDaySpan PartOfDayMinutes(PartOfDay part);

// Sentinels of an open or unknown end. They sort before/after every real instant.
inline constexpr int64_t kOpenStartSecond = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kOpenEndSecond = std::numeric_limits<int64_t>::max();

// The instants a value covers, in Unix seconds (UTC, leap seconds not counted), inclusive at
// both ends. A single instant has first_second == last_second.
struct InstantRange {
  int64_t first_second = 0;
  int64_t last_second = 0;

  bool operator==(const InstantRange&) const = default;
};

// Returns OK when `tz` names a zone of the tz database ("Asia/Seoul", "UTC", the link
// "US/Eastern"); names are case-sensitive. "" is not a zone and is rejected too.
// Returns InvalidArgument with field "tz": "unknown time zone 'Mars/Olympus' (expected an IANA
// name such as Asia/Seoul)".
[[nodiscard]] Status CheckTimeZone(std::string_view tz);

// The instants `when`, narrowed to `part` of its day, covers in zone `tz`.
//   - A date of any precision (day, month, year, decade, with XX digits) covers whole local
//     days of `tz`, from 00:00 of its earliest day to the end of its latest day, daylight
//     saving time included: 2025-03-09 in America/New_York lasts 23 hours.
//   - `part` narrows a single day to its hours (PartOfDayMinutes).
//   - A time with a UTC offset or Z is that instant whatever `tz` says; a local time without an
//     offset is read as wall-clock time in `tz`. Both are a single second (14:30 means
//     14:30:00, not the whole minute).
//   - Interval ends are converted one by one; an open or unknown end gives kOpenStartSecond /
//     kOpenEndSecond.
//   - `tz` "" means UTC, for local times and for dates alike.
// A local boundary (midnight, a part's first hour) that a clock change skips is replaced by
// the instant the change happens, so a day whose midnight does not exist (America/Santiago,
// 2025-09-07) begins when the clocks jump. A local time or boundary that occurs twice (when
// clocks fall back) is taken at its first occurrence (date::choose::earliest): 01:30 on
// 2025-11-02 in America/New_York is 01:30 EDT.
// Returns InvalidArgument:
//   - field "tz" for a `tz` that CheckTimeZone rejects;
//   - field "part_of_day" when `part` is given and `when` is not a single day without a time:
//     "a part of day (morning) needs a single day without a time, not '2025-02'";
//   - field "when" for a local time that the zone skips: "local time 2025-03-09T02:30 does
//     not exist in America/New_York: clocks jump from 02:00 to 03:00";
//   - field "when" for a local date the zone skipped entirely: "1994-12-31 does not exist in
//     Pacific/Kiritimati: the zone skipped that local time";
//   - field "when" for an interval that ends before it starts once its ends are instants:
//     "interval ends before it starts: '2025-02-04T14:00Z/2025-02-04T10:00Z'".
[[nodiscard]] Result<InstantRange> ToInstantRange(const Edtf& when, std::optional<PartOfDay> part,
                                                  std::string_view tz);

// Strict weak order of instants: by first_second, then last_second. An event of 21 January in
// Washington and one of 22 January in Seoul compare as the instants they cover, not by date.
bool InstantOrder(const InstantRange& a, const InstantRange& b);

// `range` as a reader in zone `tz` ("" means UTC) would write it, for `--tz`:
//   - precision kTime: local date, time and zone abbreviation, seconds only when not zero:
//     "2025-02-04 14:30 KST". Where the tz database has no alphabetic abbreviation (it writes
//     "+14" for Pacific/Kiritimati) the offset is shown instead: "2025-02-04 14:30 +14:00".
//     A range of several instants shows both ends: "2025-02-04 14:00 KST/2025-02-04 16:00 KST".
//   - `part` given: the local date and hour span, the end exclusive: "2025-02-04 12:00–18:00",
//     or with both dates when the span crosses local midnight: "2025-02-04 22:00–2025-02-05
//     05:00". No abbreviation, as for dates.
//   - day precision or coarser: the local dates the range touches, as EDTF: "2025-02-04", or
//     "2025-02-03/2025-02-04" for a Seoul day shown in America/New_York. With month (year,
//     decade) precision an end that falls on the first / last day of a month (year) is
//     shortened to it, so February in its own zone stays "2025-02" and 2025 stays "2025".
//   - an open end is "..": "2025-02-10/..".
// Returns InvalidArgument with field "tz" for an unknown zone (as CheckTimeZone), and
// InvalidArgument when an end that is not a sentinel lies outside the years -32767..32767.
[[nodiscard]] Result<std::string> FormatInZone(const InstantRange& range, DatePrecision precision,
                                               std::optional<PartOfDay> part, std::string_view tz);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_ZONED_TIME_H_
