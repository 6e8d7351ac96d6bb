#include "core/zoned_time.h"

#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace chronicle {
namespace {

constexpr int64_t kSecondsPerMinute = 60;
constexpr int64_t kSecondsPerHour = 3600;
constexpr int32_t kMinutesPerDay = 24 * 60;
// Instants handed to FormatInZone beyond this many seconds from 1970 are rejected before any
// arithmetic, so that adding a zone offset cannot overflow. Real values (years -32767..32767)
// stay below 2^41.
constexpr int64_t kMaxFormattableMagnitude = int64_t{1} << 50;
// U+2013 EN DASH, between the hours of a part of day: "12:00–18:00".
constexpr std::string_view kEnDash = "\xE2\x80\x93";

struct PartOfDayEntry {
  PartOfDay part;
  std::string_view name;
  PartOfDaySpan span;
};

// In enum order; the spans are the table in zoned_time.h.
constexpr std::array<PartOfDayEntry, 5> kPartsOfDay = {{
    {PartOfDay::kMorning, "morning", {5 * 60, 12 * 60}},
    {PartOfDay::kNoon, "noon", {12 * 60, 13 * 60}},
    {PartOfDay::kAfternoon, "afternoon", {12 * 60, 18 * 60}},
    {PartOfDay::kEvening, "evening", {18 * 60, 22 * 60}},
    {PartOfDay::kNight, "night", {22 * 60, kMinutesPerDay + 5 * 60}},
}};

struct KoreanPartOfDay {
  std::string_view word;
  PartOfDay part;
};

// HeidelTime's auto-korean normPartOfDay, restricted to the five parts above. 오전 is strictly
// "before noon" (00:00-12:00), but news uses it as "in the morning", as HeidelTime does.
constexpr std::array<KoreanPartOfDay, 6> kKoreanPartsOfDay = {{
    {"아침", PartOfDay::kMorning},
    {"오전", PartOfDay::kMorning},
    {"정오", PartOfDay::kNoon},
    {"오후", PartOfDay::kAfternoon},
    {"저녁", PartOfDay::kEvening},
    {"밤", PartOfDay::kNight},
}};

const PartOfDayEntry& EntryOf(PartOfDay part) {
  for (const PartOfDayEntry& entry : kPartsOfDay) {
    if (entry.part == part) return entry;
  }
  return kPartsOfDay[0];  // unreachable for a valid enum value
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t char_idx = 0; char_idx < a.size(); ++char_idx) {
    char x = a[char_idx];
    char y = b[char_idx];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

int64_t FloorDiv(int64_t value, int64_t divisor) {
  const int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}

// The zone named `tz`; nullptr for "" (UTC), which needs no tz database at all.
Result<const date::time_zone*> FindZone(std::string_view tz) {
  if (tz.empty()) return static_cast<const date::time_zone*>(nullptr);
  try {
    return date::locate_zone(tz);
  } catch (const std::exception&) {
    // locate_zone throws std::runtime_error for a name it does not know, and the first call
    // also when the database cannot be read; to the user both mean the name is unusable.
    return Status::InvalidArgument("unknown time zone " + QuoteForMessage(tz) +
                                   " (expected an IANA name such as Asia/Seoul)")
        .WithField("tz");
  }
}

std::string ZoneName(const date::time_zone* zone) {
  return zone == nullptr ? "UTC" : std::string(zone->name());
}

date::local_seconds AsLocal(int64_t local_second) {
  return date::local_seconds{std::chrono::seconds{local_second}};
}

// The instant at which local wall-clock time `local_second` begins. A skipped local time maps
// to the instant the clocks jump (date's to_sys does this for either choice); a repeated one to
// its first occurrence. Used for boundaries (midnight, a part's first hour), where a clock
// change must neither fail nor open a gap between consecutive days.
int64_t BoundaryInstant(const date::time_zone* zone, int64_t local_second) {
  if (zone == nullptr) return local_second;
  return zone->to_sys(AsLocal(local_second), date::choose::earliest).time_since_epoch().count();
}

// "02:00", or "1994-12-31T00:00" when `with_date`.
std::string WallClockText(int64_t local_second, bool with_date) {
  std::string out;
  if (with_date) {
    out += FormatDay(static_cast<int32_t>(FloorDiv(local_second, kSecondsPerDay)));
    out += 'T';
  }
  return out + date::format("%H:%M", AsLocal(local_second));
}

std::string PointText(const EdtfPoint& point) {
  Edtf single;
  single.start = point;
  return single.ToString();
}

// The instant of a point written with a time of day. REQUIRES: point.precision == kTime.
Result<int64_t> TimeInstant(const EdtfPoint& point, const date::time_zone* zone) {
  const int64_t local_second = int64_t{point.earliest_day} * kSecondsPerDay +
                               int64_t{point.hour} * kSecondsPerHour +
                               int64_t{point.minute} * kSecondsPerMinute + point.second;
  if (point.utc_offset_minutes.has_value()) {
    return local_second - int64_t{*point.utc_offset_minutes} * kSecondsPerMinute;
  }
  if (zone == nullptr) return local_second;
  const date::local_info info = zone->get_info(AsLocal(local_second));
  if (info.result == date::local_info::nonexistent) {
    // info.first ends at the jump; the wall clock reads first.offset before it and
    // second.offset after it.
    const int64_t jump = info.first.end.time_since_epoch().count();
    const int64_t before = jump + info.first.offset.count();
    const int64_t after = jump + info.second.offset.count();
    const bool crosses_date = FloorDiv(before, kSecondsPerDay) != FloorDiv(after, kSecondsPerDay);
    return Status::InvalidArgument("local time " + PointText(point) + " does not exist in " +
                                   ZoneName(zone) + ": clocks jump from " +
                                   WallClockText(before, crosses_date) + " to " +
                                   WallClockText(after, crosses_date))
        .WithField("when");
  }
  // Unique, or ambiguous (clocks fell back): info.first is the earlier offset either way.
  return local_second - info.first.offset.count();
}

Result<int64_t> FirstSecond(const EdtfPoint& point, std::optional<PartOfDay> part,
                            const date::time_zone* zone) {
  if (point.kind != EdtfPoint::Kind::kDate) return kOpenStartSecond;
  if (point.precision == DatePrecision::kTime) return TimeInstant(point, zone);
  const int64_t begin_minute = part.has_value() ? PartOfDayMinutes(*part).begin_minute : 0;
  return BoundaryInstant(
      zone, int64_t{point.earliest_day} * kSecondsPerDay + begin_minute * kSecondsPerMinute);
}

Result<int64_t> LastSecond(const EdtfPoint& point, std::optional<PartOfDay> part,
                           const date::time_zone* zone) {
  if (point.kind != EdtfPoint::Kind::kDate) return kOpenEndSecond;
  if (point.precision == DatePrecision::kTime) return TimeInstant(point, zone);
  // The last second is the one before the next period begins, so consecutive days (and a
  // part and what follows it) tile time with no gap and no overlap, clock changes included.
  const int64_t end_minute = part.has_value() ? PartOfDayMinutes(*part).end_minute : kMinutesPerDay;
  return BoundaryInstant(
             zone, int64_t{point.latest_day} * kSecondsPerDay + end_minute * kSecondsPerMinute) -
         1;
}

bool IsSinglePlainDay(const Edtf& when) {
  return !when.is_interval && when.start.kind == EdtfPoint::Kind::kDate &&
         when.start.precision == DatePrecision::kDay &&
         when.start.earliest_day == when.start.latest_day;
}

// --- Display -------------------------------------------------------------------------------

struct LocalInstant {
  int64_t local_second = 0;
  std::string zone_label;  // "KST", or "+14:00" where the tz database has no letters
};

void AppendTwoDigits(int64_t value, std::string* out) {
  if (value < 10) *out += '0';
  *out += std::to_string(value);
}

// "+14:00", "-03:30". Zone offsets are less than a day.
std::string OffsetText(int64_t offset_seconds) {
  const int64_t magnitude = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  std::string out(1, offset_seconds < 0 ? '-' : '+');
  AppendTwoDigits(magnitude / kSecondsPerHour, &out);
  out += ':';
  AppendTwoDigits(magnitude % kSecondsPerHour / kSecondsPerMinute, &out);
  return out;
}

LocalInstant ToLocal(const date::time_zone* zone, int64_t second) {
  if (zone == nullptr) return {second, "UTC"};
  const date::zoned_time<std::chrono::seconds> zoned{
      zone, date::sys_seconds{std::chrono::seconds{second}}};
  const date::sys_info info = zoned.get_info();
  LocalInstant local;
  local.local_second = zoned.get_local_time().time_since_epoch().count();
  // Since tzdata 2017a, zones without an established abbreviation carry a numeric one ("+14",
  // "-03"); a full offset reads better and cannot be mistaken for anything else.
  const bool is_numeric = info.abbrev.empty() || info.abbrev[0] == '+' || info.abbrev[0] == '-';
  local.zone_label = is_numeric ? OffsetText(info.offset.count()) : info.abbrev;
  return local;
}

// The local days FormatDay can write (date::year is a 16-bit value).
bool IsFormattableDay(int64_t day) {
  static const int64_t kMinDay = DayNumber(-32767, 1, 1) - 1;
  static const int64_t kMaxDay = DayNumber(32767, 12, 31);
  return day >= kMinDay && day <= kMaxDay;
}

Status OutOfRange(int64_t second) {
  return Status::InvalidArgument("instant " + std::to_string(second) +
                                 " is outside the years -32767..32767");
}

enum class Side : uint8_t { kStart, kEnd };

// The local date of `day`, shortened to its month or year when `precision` is that coarse and
// the date is where such a period starts (kStart) or ends (kEnd).
std::string DateText(int64_t day, DatePrecision precision, Side side) {
  std::string full = FormatDay(static_cast<int32_t>(day));  // [-]YYYY-MM-DD
  if (precision >= DatePrecision::kDay) return full;
  const date::year_month_day date{date::sys_days{date::days{static_cast<int32_t>(day)}}};
  const bool is_month_edge = side == Side::kStart
                                 ? date.day() == date::day{1}
                                 : date == date::year_month_day{date::year_month_day_last{
                                               date.year(), date::month_day_last{date.month()}}};
  if (!is_month_edge) return full;
  std::string month_text = full.substr(0, full.size() - 3);
  if (precision == DatePrecision::kMonth) return month_text;
  const bool is_year_edge = date.month() == (side == Side::kStart ? date::January : date::December);
  if (!is_year_edge) return full;
  const auto year = static_cast<int32_t>(date.year());
  // EDTF writes a year alone of more than four digits with a 'Y'.
  if (year > 9999 || year < -9999) {
    std::string out = year < 0 ? "Y-" : "Y";
    out += std::to_string(year < 0 ? -year : year);
    return out;
  }
  return month_text.substr(0, month_text.size() - 3);
}

bool IsSentinel(int64_t second) { return second == kOpenStartSecond || second == kOpenEndSecond; }

Result<std::string> InstantText(const date::time_zone* zone, int64_t second) {
  if (IsSentinel(second)) return std::string("..");
  const LocalInstant local = ToLocal(zone, second);
  const int64_t day = FloorDiv(local.local_second, kSecondsPerDay);
  if (!IsFormattableDay(day)) return OutOfRange(second);
  const bool has_seconds =
      FloorDiv(local.local_second, kSecondsPerMinute) * kSecondsPerMinute != local.local_second;
  return FormatDay(static_cast<int32_t>(day)) + " " +
         date::format(has_seconds ? "%H:%M:%S" : "%H:%M", AsLocal(local.local_second)) + " " +
         local.zone_label;
}

Result<std::string> DateEndText(const date::time_zone* zone, int64_t second,
                                DatePrecision precision, Side side) {
  if (IsSentinel(second)) return std::string("..");
  const int64_t day = FloorDiv(ToLocal(zone, second).local_second, kSecondsPerDay);
  if (!IsFormattableDay(day)) return OutOfRange(second);
  return DateText(day, precision, side);
}

// "2025-02-04 12:00–18:00" or "2025-02-04 22:00–2025-02-05 05:00".
// REQUIRES: neither end of `range` is a sentinel.
Result<std::string> HourSpanText(const date::time_zone* zone, const InstantRange& range) {
  const int64_t begin = ToLocal(zone, range.first_second).local_second;
  const int64_t end = ToLocal(zone, range.last_second + 1).local_second;  // exclusive
  const int64_t begin_day = FloorDiv(begin, kSecondsPerDay);
  const int64_t end_day = FloorDiv(end, kSecondsPerDay);
  if (!IsFormattableDay(begin_day)) return OutOfRange(range.first_second);
  if (!IsFormattableDay(end_day)) return OutOfRange(range.last_second);
  std::string out = FormatDay(static_cast<int32_t>(begin_day)) + " " +
                    date::format("%H:%M", AsLocal(begin)) + std::string(kEnDash);
  if (end_day != begin_day) out += FormatDay(static_cast<int32_t>(end_day)) + " ";
  return out + date::format("%H:%M", AsLocal(end));
}


}  // namespace

std::string_view PartOfDayName(PartOfDay part) { return EntryOf(part).name; }

const std::vector<std::string>& PartOfDayNames() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const PartOfDayEntry& entry : kPartsOfDay) names.emplace_back(entry.name);
    return names;
  }();
  return kNames;
}

Result<PartOfDay> ParsePartOfDay(std::string_view text) {
  for (const PartOfDayEntry& entry : kPartsOfDay) {
    if (EqualsIgnoringAsciiCase(text, entry.name)) return entry.part;
  }
  for (const KoreanPartOfDay& korean : kKoreanPartsOfDay) {
    if (text == korean.word) return korean.part;
  }
  return Status::InvalidArgument("unknown part of day " + QuoteForMessage(text) +
                                 " (expected morning, noon, afternoon, evening or night; "
                                 "in Korean 아침, 오전, 정오, 오후, 저녁 or 밤)")
      .WithField("part_of_day");
}

PartOfDaySpan PartOfDayMinutes(PartOfDay part) { return EntryOf(part).span; }

Status CheckTimeZone(std::string_view tz) {
  if (tz.empty()) {
    return Status::InvalidArgument(
               "unknown time zone '' (expected an IANA name such as Asia/Seoul)")
        .WithField("tz");
  }
  Result<const date::time_zone*> zone = FindZone(tz);
  return zone.ok() ? Status::Ok() : zone.status();
}

Result<InstantRange> ToInstantRange(const Edtf& when, std::optional<PartOfDay> part,
                                    std::string_view tz) {
  Result<const date::time_zone*> zone = FindZone(tz);
  if (!zone.ok()) return zone.status();
  if (part.has_value() && !IsSinglePlainDay(when)) {
    return Status::InvalidArgument("a part of day (" + std::string(PartOfDayName(*part)) +
                                   ") needs a single day without a time, not '" + when.ToString() +
                                   "'")
        .WithField("part_of_day");
  }
  const EdtfPoint& last_point = when.is_interval ? when.end : when.start;
  Result<int64_t> first = FirstSecond(when.start, part, *zone);
  if (!first.ok()) return first.status();
  Result<int64_t> last = LastSecond(last_point, part, *zone);
  if (!last.ok()) return last.status();
  if (*first > *last) {
    if (when.is_interval && HasTimeOfDay(when)) {
      return Status::InvalidArgument("interval ends before it starts: '" + when.ToString() + "'")
          .WithField("when");
    }
    // Only dates remain, and a non-empty span of local days is empty as instants only when the
    // zone skipped all of it (Kiribati skipped 1994-12-31, Samoa 2011-12-30).
    const std::string what = part.has_value()
                                 ? when.ToString() + " (" + std::string(PartOfDayName(*part)) + ")"
                                 : when.ToString();
    return Status::InvalidArgument(what + " does not exist in " + ZoneName(*zone) +
                                   ": the zone skipped that local time")
        .WithField("when");
  }
  return InstantRange{*first, *last};
}

bool InstantOrder(const InstantRange& a, const InstantRange& b) {
  if (a.first_second != b.first_second) return a.first_second < b.first_second;
  return a.last_second < b.last_second;
}

Result<std::string> FormatInZone(const InstantRange& range, DatePrecision precision,
                                 std::optional<PartOfDay> part, std::string_view tz) {
  Result<const date::time_zone*> zone = FindZone(tz);
  if (!zone.ok()) return zone.status();
  for (const int64_t second : {range.first_second, range.last_second}) {
    if (!IsSentinel(second) &&
        (second > kMaxFormattableMagnitude || second < -kMaxFormattableMagnitude)) {
      return OutOfRange(second);
    }
  }
  const bool is_open = IsSentinel(range.first_second) || IsSentinel(range.last_second);
  if (part.has_value() && !is_open) return HourSpanText(*zone, range);

  if (precision == DatePrecision::kTime) {
    Result<std::string> first = InstantText(*zone, range.first_second);
    if (!first.ok() || range.first_second == range.last_second) return first;
    Result<std::string> last = InstantText(*zone, range.last_second);
    if (!last.ok()) return last;
    return *first + "/" + *last;
  }
  Result<std::string> first = DateEndText(*zone, range.first_second, precision, Side::kStart);
  if (!first.ok()) return first;
  Result<std::string> last = DateEndText(*zone, range.last_second, precision, Side::kEnd);
  if (!last.ok()) return last;
  if (*first == *last && !is_open) return first;
  return *first + "/" + *last;
}

}  // namespace chronicle
