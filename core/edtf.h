// EDTF (Extended Date/Time Format, ISO 8601-2) dates: parsing, canonical formatting, and the
// earliest/latest day span that timelines sort and filter on.
//
// Supported (Level 0 and most of Level 1):
//   2025-02-04   2025-02   2025                   day, month, year precision
//   -0044-03-15  Y12345   Y-12345                  negative years; 'Y' for years beyond 4 digits
//   2025-02-04T14:30:00+09:00  2025-02-04T14:30Z   date and time of day (span is still the day)
//   2025-02-05~  2025-02?  2025-02-04%             approximate, uncertain, both
//   201X  20XX  2004-XX  2004-07-XX               unspecified digits (from the right)
//   2025-02-10/2025-02-14  2004-06/2006-08         intervals; endpoints may differ in precision
//   2025-02-10/..  ../2025-02-14                   open ends
//   2025-02-10/    /2025-02-14                     unknown ends
// Impossible calendar dates (2025-02-30, month 13, 2023-02-29) are rejected; so is an interval
// whose end is before its start, and a year outside -32767..32767 (the range of date::year).
//
// Day numbers count days since 1970-01-01 in the proleptic Gregorian calendar (negative before).
// Thread-safety: plain values; the functions are pure.
#ifndef CHRONICLE_CORE_EDTF_H_
#define CHRONICLE_CORE_EDTF_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace chronicle {

// Stored in keys and values: do not renumber. Values follow Wikidata's precision codes.
enum class DatePrecision : uint8_t {
  kDecade = 8,  // 201X
  kYear = 9,    // 2025, 20XX is also reported as kYear with the century unspecified
  kMonth = 10,  // 2025-02, 2004-XX
  kDay = 11,    // 2025-02-04
  kTime = 12,   // 2025-02-04T14:30:00+09:00
};

// The sentinels an open or unknown end uses for its day. They sort before/after every real day.
inline constexpr int32_t kOpenStartDay = std::numeric_limits<int32_t>::min();
inline constexpr int32_t kOpenEndDay = std::numeric_limits<int32_t>::max();
// Days are UTC or local calendar days of 86,400 seconds (leap seconds are not counted).
inline constexpr int64_t kSecondsPerDay = 86400;

// One endpoint of an EDTF value (or the whole value when it is not an interval).
struct EdtfPoint {
  enum class Kind : uint8_t { kDate = 0, kOpen = 1, kUnknown = 2 };
  Kind kind = Kind::kDate;
  int32_t year = 0;
  uint8_t month = 0;  // 1..12, 0 when not given or unspecified (XX)
  uint8_t day = 0;    // 1..31, 0 when not given or unspecified (XX)
  DatePrecision precision = DatePrecision::kDay;
  // The number of unspecified trailing digits of the year (201X -> 1, 20XX -> 2), and whether
  // the month / day were written as XX. Kept so that formatting round-trips.
  uint8_t unspecified_year_digits = 0;
  bool month_unspecified = false;
  bool day_unspecified = false;
  bool uncertain = false;    // '?'
  bool approximate = false;  // '~'  ('%' sets both)
  // Time of day, only when precision == kTime.
  uint8_t hour = 0, minute = 0, second = 0;
  bool has_seconds = false;
  // Offset from UTC in minutes; nullopt for a local time written without Z or an offset.
  std::optional<int16_t> utc_offset_minutes;

  // First and last day this point may denote (inclusive). For kOpen/kUnknown both are the
  // sentinel matching the side of the interval the point is on (set by ParseEdtf).
  int32_t earliest_day = 0;
  int32_t latest_day = 0;

  bool operator==(const EdtfPoint&) const = default;
};

// A parsed EDTF value: a single point, or an interval when `is_interval`.
struct Edtf {
  EdtfPoint start;
  EdtfPoint end;  // meaningful only when is_interval
  bool is_interval = false;

  // The span of days the value covers, inclusive at both ends. A single day has
  // earliest == latest; `2025-02` covers 2025-02-01..2025-02-28; an interval covers from its
  // start's earliest day to its end's latest day; open/unknown ends give kOpenStartDay /
  // kOpenEndDay.
  int32_t earliest_day = 0;
  int32_t latest_day = 0;

  // The canonical EDTF text, which ParseEdtf accepts and maps to an equal value:
  // "2025-02-04", "2025-02~", "2025-02-10/2025-02-14", "../2025", "Y12345", "-0044-03-15".
  std::string ToString() const;

  bool operator==(const Edtf&) const = default;
};

// Parses `text` (surrounding white space is not allowed).
// Returns InvalidArgument with a message naming the problem ("2025-02-30 is not a valid date",
// "month 13 is out of range", "not an EDTF date: 'Feb 2025'") on failure.
[[nodiscard]] Result<Edtf> ParseEdtf(std::string_view text);

// True when either end of `when` carries a time of day (precision kTime).
bool HasTimeOfDay(const Edtf& when);

// Parses a bound given to a filter such as --from / --to: any EDTF value. `--from` uses the
// earliest day of the result and `--to` the latest day, so `--to 2025-02` includes all of
// February. Returns the same errors as ParseEdtf.
[[nodiscard]] Result<int32_t> ParseFromBound(std::string_view text);
[[nodiscard]] Result<int32_t> ParseToBound(std::string_view text);

// Formats a day number as YYYY-MM-DD (with a sign and at least 4 year digits for negative
// years: -0044-03-15). REQUIRES: day is not one of the open sentinels.
std::string FormatDay(int32_t day);

// Days since 1970-01-01 of a valid calendar date. REQUIRES: the date is valid.
int32_t DayNumber(int32_t year, unsigned month, unsigned day);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_EDTF_H_
