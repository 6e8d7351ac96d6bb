#include "core/edtf.h"

#include <date/date.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"

namespace chronicle {
namespace {

// date::year holds -32767..32767; a year beyond it is rejected, never wrapped.
constexpr int32_t kMinYear = -32767;
constexpr int32_t kMaxYear = 32767;
// Years of more than four digits are written with the 'Y' prefix (EDTF Level 1).
constexpr int32_t kMaxFourDigitYear = 9999;
constexpr size_t kMinYPrefixedDigits = 5;
// Level 1 allows only the last one or two digits of a year to be unspecified (201X, 20XX).
constexpr uint8_t kMaxUnspecifiedYearDigits = 2;
// The largest UTC offset in use (Kiribati, +14:00); nothing real lies beyond it either way.
constexpr int kMaxUtcOffsetMinutes = 14 * 60;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Status NotEdtf(std::string_view text) {
  return Status::InvalidArgument("not an EDTF date: " + QuoteForMessage(text));
}

void AppendZeroPadded(uint32_t value, size_t width, std::string* out) {
  // Digits written from the end of a small buffer, without std::to_string's string: dates are
  // formatted twice per row of a JSON listing.
  char digits[16];
  char* begin = std::end(digits);
  do {
    *--begin = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  const auto count = static_cast<size_t>(std::end(digits) - begin);
  if (count < width) out->append(width - count, '0');
  out->append(begin, count);
}

uint32_t Magnitude(int32_t value) {
  // Computed in 64 bits so that the most negative int32 has a magnitude too.
  return static_cast<uint32_t>(value < 0 ? -static_cast<int64_t>(value) : value);
}

// The canonical year: "2025", "-0044", "Y12345", "Y-12345"; `unspecified_digits` trailing
// digits written as X ("201X"). REQUIRES: unspecified_digits == 0 or 0 <= year <= 9999.
void AppendYear(int32_t year, uint8_t unspecified_digits, std::string* out) {
  const uint32_t magnitude = Magnitude(year);
  if (magnitude > kMaxFourDigitYear) {
    *out += year < 0 ? "Y-" : "Y";
    *out += std::to_string(magnitude);
    return;
  }
  if (year < 0) *out += '-';
  std::string digits;
  AppendZeroPadded(magnitude, 4, &digits);
  const size_t unspecified = std::min<size_t>(unspecified_digits, digits.size());
  digits.replace(digits.size() - unspecified, unspecified, unspecified, 'X');
  *out += digits;
}

// YYYY-MM-DD with a '-' before negative years and at least four year digits (FormatDay's
// contract; no 'Y' prefix, since only a year alone may carry one).
std::string FormatDate(int32_t year, unsigned month, unsigned day) {
  std::string out;
  out.reserve(11);  // within std::string's own buffer: no allocation
  if (year < 0) out += '-';
  AppendZeroPadded(Magnitude(year), 4, &out);
  out += '-';
  AppendZeroPadded(month, 2, &out);
  out += '-';
  AppendZeroPadded(day, 2, &out);
  return out;
}

date::year_month_day CalendarDate(int32_t year, unsigned month, unsigned day) {
  return date::year_month_day{date::year{year}, date::month{month}, date::day{day}};
}

int32_t LastDayOfMonth(int32_t year, unsigned month) {
  const date::year_month_day_last last{date::year{year}, date::month_day_last{date::month{month}}};
  return static_cast<int32_t>(date::sys_days{last}.time_since_epoch().count());
}

// Sets earliest_day / latest_day of a date point from the digits actually written.
// Approximate ('~') and uncertain ('?') do NOT widen the span: EDTF gives no measure of how
// far "approximately 2025-02" may stray, and widening by a guess would make filters and
// timeline order depend on that guess. The span is the written precision; the qualifiers are
// kept as flags for display and for callers that want their own tolerance.
void SetSpan(EdtfPoint* point) {
  const int32_t year = point->year;
  const bool whole_year = point->precision <= DatePrecision::kYear || point->month_unspecified;
  if (whole_year) {
    // Unspecified digits cover a block of years: 201X -> 2010..2019, 20XX -> 2000..2099.
    int32_t years_covered = 1;
    for (uint8_t digit_idx = 0; digit_idx < point->unspecified_year_digits; ++digit_idx) {
      years_covered *= 10;
    }
    point->earliest_day = DayNumber(year, 1, 1);
    point->latest_day = DayNumber(year + years_covered - 1, 12, 31);
    return;
  }
  const bool whole_month = point->precision == DatePrecision::kMonth || point->day_unspecified;
  if (whole_month) {
    point->earliest_day = DayNumber(year, point->month, 1);
    point->latest_day = LastDayOfMonth(year, point->month);
    return;
  }
  point->earliest_day = DayNumber(year, point->month, point->day);
  point->latest_day = point->earliest_day;
}

// Parses one date endpoint (no '/', not ".." and not empty) from left to right:
//   year [-month [-day [Thh:mm[:ss][Z|±hh:mm]]]] [? | ~ | %]
// Generic syntax errors quote `whole_text` (the full user input, interval and all); errors
// about one part of a date quote the endpoint.
class PointParser {
 public:
  PointParser(std::string_view point_text, std::string_view whole_text)
      : point_text_(point_text), text_(point_text), whole_text_(whole_text) {}

  Result<EdtfPoint> Parse() {
    EdtfPoint point;
    StripQualifier(&point);
    CHRONICLE_RETURN_IF_ERROR(ParseYear(&point));
    if (!AtEnd()) CHRONICLE_RETURN_IF_ERROR(ParseMonthAndDay(&point));
    if (!AtEnd()) CHRONICLE_RETURN_IF_ERROR(ParseTime(&point));
    if (!AtEnd()) return NotEdtf(whole_text_);
    SetSpan(&point);
    return point;
  }

 private:
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }

  bool Consume(char expected) {
    if (Peek() != expected) return false;
    ++pos_;
    return true;
  }

  // Consumes exactly two decimal digits; consumes nothing when there are not two.
  bool ConsumeTwoDigits(unsigned* value) {
    if (text_.size() - pos_ < 2 || !IsDigit(text_[pos_]) || !IsDigit(text_[pos_ + 1])) {
      return false;
    }
    *value = static_cast<unsigned>((text_[pos_] - '0') * 10 + (text_[pos_ + 1] - '0'));
    pos_ += 2;
    return true;
  }

  bool ConsumeUnspecifiedPair() {
    if (text_.substr(pos_, 2) != "XX") return false;
    pos_ += 2;
    return true;
  }

  std::string_view ConsumeWhile(bool (*accept)(char)) {
    const size_t start = pos_;
    while (!AtEnd() && accept(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  Status Error(std::string_view problem) const {
    return Status::InvalidArgument(std::string(problem) + ": " + QuoteForMessage(point_text_));
  }

  // A qualifier applies to the whole date and is its last character (Level 1).
  void StripQualifier(EdtfPoint* point) {
    if (text_.empty()) return;
    switch (text_.back()) {
      case '?':
        point->uncertain = true;
        break;
      case '~':
        point->approximate = true;
        break;
      case '%':
        point->uncertain = point->approximate = true;
        break;
      default:
        return;
    }
    text_.remove_suffix(1);
  }

  // The value of a run of decimal digits, or nullopt when it is beyond date::year's range
  // (any number of leading zeros is fine).
  static std::optional<int32_t> YearValue(std::string_view digits) {
    int32_t value = 0;
    for (char digit : digits) {
      value = value * 10 + (digit - '0');
      if (value > kMaxYear) return std::nullopt;
    }
    return value;
  }

  Status ParseYear(EdtfPoint* point) {
    point->precision = DatePrecision::kYear;
    if (Consume('Y')) {
      is_y_prefixed_ = true;
      return ParseYPrefixedYear(point);
    }
    const bool is_negative = Consume('-');
    const std::string_view year_text = ConsumeWhile([](char c) { return IsDigit(c) || c == 'X'; });
    const std::string sign = is_negative ? "-" : "";
    if (year_text.size() != 4) {
      const bool is_all_digits = year_text.find('X') == std::string_view::npos;
      // "12345" is most likely a year written without its prefix; "20250204" is not a year,
      // and "00012" is a badly padded one that a 'Y' would not make canonical.
      const std::optional<int32_t> value =
          is_all_digits ? YearValue(year_text) : std::optional<int32_t>();
      if (value.has_value() && *value > kMaxFourDigitYear) {
        return Status::InvalidArgument("year " + sign + std::string(year_text) +
                                       " needs a 'Y' prefix: Y" + sign + std::string(year_text));
      }
      return NotEdtf(whole_text_);
    }
    const size_t first_unspecified = year_text.find('X');
    if (first_unspecified != std::string_view::npos) {
      if (year_text.find_first_not_of('X', first_unspecified) != std::string_view::npos) {
        return Error("unspecified digits (X) must be the last digits of the year");
      }
      const size_t unspecified_digits = year_text.size() - first_unspecified;
      if (unspecified_digits > kMaxUnspecifiedYearDigits) {
        return Error("at most the last two digits of a year may be unspecified (201X, 20XX)");
      }
      // "-000X" would be years -9..0, which the canonical text could not tell from "000X".
      if (is_negative) return Error("unspecified digits (X) are not supported in negative years");
      point->unspecified_year_digits = static_cast<uint8_t>(unspecified_digits);
      if (unspecified_digits == 1) point->precision = DatePrecision::kDecade;
    }
    int32_t year = 0;
    for (char digit : year_text) year = year * 10 + (digit == 'X' ? 0 : digit - '0');
    point->year = is_negative ? -year : year;
    return Status::Ok();
  }

  // After the 'Y': an optional '-' and at least five digits, which may exceed four-digit years
  // only as far as date::year reaches.
  Status ParseYPrefixedYear(EdtfPoint* point) {
    const bool is_negative = Consume('-');
    const std::string_view digits = ConsumeWhile(IsDigit);
    if (digits.empty()) return NotEdtf(whole_text_);
    const std::string written = (is_negative ? "Y-" : "Y") + std::string(digits);  // digits only
    const std::optional<int32_t> year = YearValue(digits);
    if (!year.has_value()) {
      return Status::InvalidArgument("year " + written + " is out of range (" +
                                     std::to_string(kMinYear) + ".." + std::to_string(kMaxYear) +
                                     ")");
    }
    point->year = is_negative ? -*year : *year;
    if (digits.size() < kMinYPrefixedDigits) {
      std::string plain;
      AppendYear(point->year, 0, &plain);
      return Status::InvalidArgument("year " + written +
                                     " needs at least 5 digits after 'Y'; write " + plain);
    }
    return Status::Ok();
  }

  Status ParseMonthAndDay(EdtfPoint* point) {
    if (!Consume('-')) return NotEdtf(whole_text_);
    if (is_y_prefixed_) {
      return Error("a 'Y' year cannot have a month or day");
    }
    if (point->unspecified_year_digits > 0) {
      return Error("a year with unspecified digits cannot have a month or day");
    }
    point->precision = DatePrecision::kMonth;
    const size_t month_pos = pos_;
    unsigned month = 0;
    if (ConsumeUnspecifiedPair()) {
      point->month_unspecified = true;
    } else if (ConsumeTwoDigits(&month)) {
      // 21..41 are EDTF seasons and quarters: a reader who wrote one should learn that it is
      // not supported rather than that 21 is no month.
      if (month >= 21 && month <= 41) return Error("seasons are not supported");
      if (month < 1 || month > 12) {
        return Status::InvalidArgument("month " + std::string(text_.substr(month_pos, 2)) +
                                       " is out of range");
      }
      point->month = static_cast<uint8_t>(month);
    } else {
      return NotEdtf(whole_text_);
    }
    if (AtEnd()) return Status::Ok();

    if (!Consume('-')) return NotEdtf(whole_text_);
    point->precision = DatePrecision::kDay;
    const size_t day_pos = pos_;
    unsigned day = 0;
    if (ConsumeUnspecifiedPair()) {
      point->day_unspecified = true;
      return Status::Ok();
    }
    if (!ConsumeTwoDigits(&day)) return NotEdtf(whole_text_);
    if (point->month_unspecified) return Error("a specified day needs a specified month");
    if (day < 1 || day > 31) {
      return Status::InvalidArgument("day " + std::string(text_.substr(day_pos, 2)) +
                                     " is out of range");
    }
    if (!CalendarDate(point->year, month, day).ok()) {
      return Status::InvalidArgument(FormatDate(point->year, month, day) + " is not a valid date");
    }
    point->day = static_cast<uint8_t>(day);
    return Status::Ok();
  }

  // "Thh:mm[:ss]" then "Z", "±hh:mm" or nothing (a local time).
  Status ParseTime(EdtfPoint* point) {
    if (point->precision != DatePrecision::kDay || !Consume('T')) return NotEdtf(whole_text_);
    if (point->month_unspecified || point->day_unspecified) {
      return Error("a time of day needs a fully specified date");
    }
    point->precision = DatePrecision::kTime;
    unsigned hour = 0;
    unsigned minute = 0;
    unsigned second = 0;
    if (!ConsumeTwoDigits(&hour) || !Consume(':') || !ConsumeTwoDigits(&minute)) {
      return NotEdtf(whole_text_);
    }
    if (Consume(':')) {
      if (!ConsumeTwoDigits(&second)) return NotEdtf(whole_text_);
      point->has_seconds = true;
    }
    // Leap second 60 is rejected too: day arithmetic has no place for it.
    if (hour > 23) {
      return Status::InvalidArgument("hour " + std::to_string(hour) + " is out of range");
    }
    if (minute > 59) {
      return Status::InvalidArgument("minute " + std::to_string(minute) + " is out of range");
    }
    if (second > 59) {
      return Status::InvalidArgument("second " + std::to_string(second) + " is out of range");
    }
    point->hour = static_cast<uint8_t>(hour);
    point->minute = static_cast<uint8_t>(minute);
    point->second = static_cast<uint8_t>(second);
    CHRONICLE_RETURN_IF_ERROR(ParseUtcOffset(point));
    if (AtEnd() && (point->uncertain || point->approximate)) {
      return Error("a qualifier (?, ~, %) cannot follow a time of day");
    }
    return Status::Ok();
  }

  Status ParseUtcOffset(EdtfPoint* point) {
    if (Consume('Z')) {
      point->utc_offset_minutes = 0;
      return Status::Ok();
    }
    const char sign = Peek();
    if (sign != '+' && sign != '-') return Status::Ok();
    const size_t offset_pos = pos_++;
    unsigned hours = 0;
    unsigned minutes = 0;
    if (!ConsumeTwoDigits(&hours) || !Consume(':') || !ConsumeTwoDigits(&minutes)) {
      return NotEdtf(whole_text_);
    }
    const int total_minutes = static_cast<int>(hours * 60 + minutes);
    if (minutes > 59 || total_minutes > kMaxUtcOffsetMinutes) {
      return Status::InvalidArgument("UTC offset " +
                                     std::string(text_.substr(offset_pos, pos_ - offset_pos)) +
                                     " is out of range (-14:00..+14:00)");
    }
    // "+00:00" and "-00:00" both mean UTC and are kept as 0, which formats as "Z".
    point->utc_offset_minutes = static_cast<int16_t>(sign == '-' ? -total_minutes : total_minutes);
    return Status::Ok();
  }

  const std::string_view point_text_;  // the endpoint as written, qualifier included
  std::string_view text_;              // the endpoint without its qualifier
  const std::string_view whole_text_;
  size_t pos_ = 0;
  bool is_y_prefixed_ = false;
};

enum class Side : uint8_t { kStart, kEnd };

Result<EdtfPoint> ParseEndpoint(std::string_view endpoint_text, std::string_view whole_text,
                                Side side) {
  if (endpoint_text != ".." && !endpoint_text.empty()) {
    return PointParser(endpoint_text, whole_text).Parse();
  }
  EdtfPoint point;
  point.kind = endpoint_text.empty() ? EdtfPoint::Kind::kUnknown : EdtfPoint::Kind::kOpen;
  point.earliest_day = point.latest_day = side == Side::kStart ? kOpenStartDay : kOpenEndDay;
  return point;
}

void AppendPoint(const EdtfPoint& point, std::string* out) {
  if (point.kind == EdtfPoint::Kind::kOpen) {
    *out += "..";
    return;
  }
  if (point.kind == EdtfPoint::Kind::kUnknown) return;
  AppendYear(point.year, point.unspecified_year_digits, out);
  if (point.precision >= DatePrecision::kMonth) {
    *out += '-';
    if (point.month_unspecified) {
      *out += "XX";
    } else {
      AppendZeroPadded(point.month, 2, out);
    }
  }
  if (point.precision >= DatePrecision::kDay) {
    *out += '-';
    if (point.day_unspecified) {
      *out += "XX";
    } else {
      AppendZeroPadded(point.day, 2, out);
    }
  }
  if (point.precision == DatePrecision::kTime) {
    *out += 'T';
    AppendZeroPadded(point.hour, 2, out);
    *out += ':';
    AppendZeroPadded(point.minute, 2, out);
    if (point.has_seconds) {
      *out += ':';
      AppendZeroPadded(point.second, 2, out);
    }
    if (point.utc_offset_minutes.has_value()) {
      const int offset = *point.utc_offset_minutes;
      if (offset == 0) {
        *out += 'Z';
      } else {
        *out += offset < 0 ? '-' : '+';
        const auto magnitude = static_cast<uint32_t>(offset < 0 ? -offset : offset);
        AppendZeroPadded(magnitude / 60, 2, out);
        *out += ':';
        AppendZeroPadded(magnitude % 60, 2, out);
      }
    }
  }
  if (point.uncertain && point.approximate) {
    *out += '%';
  } else if (point.uncertain) {
    *out += '?';
  } else if (point.approximate) {
    *out += '~';
  }
}

}  // namespace

std::string Edtf::ToString() const {
  std::string out;
  AppendPoint(start, &out);
  if (is_interval) {
    out += '/';
    AppendPoint(end, &out);
  }
  return out;
}

Result<Edtf> ParseEdtf(std::string_view text) {
  Edtf edtf;
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) {
    Result<EdtfPoint> point = PointParser(text, text).Parse();
    if (!point.ok()) return point.status();
    edtf.start = std::move(point).value();
    edtf.earliest_day = edtf.start.earliest_day;
    edtf.latest_day = edtf.start.latest_day;
    return edtf;
  }
  if (text.find('/', slash + 1) != std::string_view::npos) return NotEdtf(text);

  Result<EdtfPoint> start = ParseEndpoint(text.substr(0, slash), text, Side::kStart);
  if (!start.ok()) return start.status();
  Result<EdtfPoint> end = ParseEndpoint(text.substr(slash + 1), text, Side::kEnd);
  if (!end.ok()) return end.status();
  const bool has_start_date = start->kind == EdtfPoint::Kind::kDate;
  const bool has_end_date = end->kind == EdtfPoint::Kind::kDate;
  if (!has_start_date && !has_end_date) {
    return Status::InvalidArgument("an interval needs at least one date: " + QuoteForMessage(text));
  }
  // Endpoints of different precision overlap rather than order strictly ("2025/2025-01" is
  // fine), so only an end that is over before the start can begin is rejected.
  if (has_start_date && has_end_date && end->latest_day < start->earliest_day) {
    return Status::InvalidArgument("interval ends before it starts: " + QuoteForMessage(text));
  }
  edtf.is_interval = true;
  edtf.start = std::move(start).value();
  edtf.end = std::move(end).value();
  edtf.earliest_day = edtf.start.earliest_day;
  edtf.latest_day = edtf.end.latest_day;
  return edtf;
}

Result<int32_t> ParseFromBound(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  if (!edtf.ok()) return edtf.status();
  return edtf->earliest_day;
}

Result<int32_t> ParseToBound(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  if (!edtf.ok()) return edtf.status();
  return edtf->latest_day;
}

std::string FormatDay(int32_t day) {
  // Outside the contract, but an open end is the likeliest mistake and ".." is its EDTF text;
  // converting the sentinel would overflow inside the calendar arithmetic.
  if (day == kOpenStartDay || day == kOpenEndDay) return "..";
  const date::year_month_day calendar_date{date::sys_days{date::days{day}}};
  return FormatDate(static_cast<int32_t>(calendar_date.year()),
                    static_cast<unsigned>(calendar_date.month()),
                    static_cast<unsigned>(calendar_date.day()));
}

int32_t DayNumber(int32_t year, unsigned month, unsigned day) {
  const date::sys_days days{CalendarDate(year, month, day)};
  return static_cast<int32_t>(days.time_since_epoch().count());
}

bool HasTimeOfDay(const Edtf& when) {
  return when.start.precision == DatePrecision::kTime ||
         (when.is_interval && when.end.precision == DatePrecision::kTime);
}

}  // namespace chronicle
