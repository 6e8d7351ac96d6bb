#include "core/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <utility>

namespace chronicle {
namespace {

// One step of decoding: a code point and the bytes it took. An invalid byte decodes as
// kInvalidByte with length 1, so every caller resynchronises on the next byte and no caller can
// read past the end (utf8proc_iterate is given the remaining length, never -1).
struct Decoded {
  int32_t code_point;
  size_t length;
};

constexpr int32_t kInvalidByte = -1;

// REQUIRES: pos < text.size()
Decoded DecodeAt(std::string_view text, size_t pos) {
  utf8proc_int32_t code_point = -1;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                       static_cast<utf8proc_ssize_t>(text.size() - pos), &code_point);
  if (length <= 0) return {kInvalidByte, 1};
  return {code_point, static_cast<size_t>(length)};
}

// Code points of `text`, for EditDistance. An invalid byte b becomes the lone surrogate
// U+DC00 + b (Python's "surrogateescape" trick): valid UTF-8 never decodes to a surrogate, so
// invalid bytes compare equal only to the same invalid byte and never to a real character.
std::vector<int32_t> DecodeForComparison(std::string_view text) {
  std::vector<int32_t> code_points;
  code_points.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    const Decoded decoded = DecodeAt(text, pos);
    code_points.push_back(decoded.code_point == kInvalidByte
                              ? 0xDC00 + static_cast<uint8_t>(text[pos])
                              : decoded.code_point);
    pos += decoded.length;
  }
  return code_points;
}

size_t CountCodePoints(std::string_view text) {
  size_t count = 0;
  for (size_t pos = 0; pos < text.size(); pos += DecodeAt(text, pos).length) ++count;
  return count;
}

// Unicode's White_Space property. utf8proc does not expose it, but it is exactly the separator
// categories (Zs, Zl, Zp) plus six control characters, so only those six are listed by hand.
bool IsWhiteSpace(int32_t code_point) {
  switch (code_point) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case 0x85:  // NEXT LINE
      return true;
    default:
      break;
  }
  const utf8proc_category_t category = utf8proc_category(code_point);
  return category == UTF8PROC_CATEGORY_ZS || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

// Hangul medial vowels and final consonants (Jungseong, Jongseong) join the preceding initial
// consonant into one syllable block, so a terminal draws "ᄉ ᅩ ᆫ" in the 2 columns of "손".
// utf8proc 2.8 gives them width 1 (their East_Asian_Width is Neutral); these are the ranges
// glibc's wcwidth treats as 0, listed by hand because utf8proc has no conjoining-jamo property.
bool IsConjoiningHangulJamo(int32_t code_point) {
  return (code_point >= 0x1160 && code_point <= 0x11FF) ||
         (code_point >= 0xD7B0 && code_point <= 0xD7C6) ||
         (code_point >= 0xD7CB && code_point <= 0xD7FB);
}

// Columns of one decoded unit; an invalid byte is shown as one replacement glyph.
size_t CodePointWidth(int32_t code_point) {
  if (code_point == kInvalidByte) return 1;
  const utf8proc_category_t category = utf8proc_category(code_point);
  if (category == UTF8PROC_CATEGORY_CC) return 0;
  // Unassigned code points are drawn by terminals as a one-column fallback glyph.
  if (category == UTF8PROC_CATEGORY_CN) return 1;
  if (IsConjoiningHangulJamo(code_point)) return 0;
  const int width = utf8proc_charwidth(code_point);
  return width < 0 ? 1 : static_cast<size_t>(width);
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* buffer) const { std::free(buffer); }
};

// NFKC with full case folding. STABLE makes utf8proc honour the composition exclusions, i.e.
// produce standard NFKC, whose output Unicode keeps the same across versions, as index keys need.
Result<std::string> NfkcCaseFold(std::string_view text) {
  utf8proc_uint8_t* raw_output = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                   static_cast<utf8proc_ssize_t>(text.size()), &raw_output,
                   static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                                  UTF8PROC_COMPAT | UTF8PROC_CASEFOLD));
  // On failure utf8proc_map has already freed its buffer and left `raw_output` null.
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> output(raw_output);
  if (length == UTF8PROC_ERROR_INVALIDUTF8) return Status::InvalidArgument("not valid UTF-8");
  if (length < 0) {
    return Status::InvalidArgument(std::string("cannot normalise name: ") +
                                   utf8proc_errmsg(length));
  }
  return std::string(reinterpret_cast<const char*>(output.get()), static_cast<size_t>(length));
}

constexpr std::string_view kEllipsis = "\u2026";
constexpr size_t kEllipsisWidth = 1;

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t pos = 0; pos < text.size();) {
    const Decoded decoded = DecodeAt(text, pos);
    if (decoded.code_point == kInvalidByte) return false;
    pos += decoded.length;
  }
  return true;
}

Result<std::string> NormalizeName(std::string_view text) {
  if (!IsValidUtf8(text)) return Status::InvalidArgument("not valid UTF-8");
  // A NUL would end the name early for any C API downstream and can never be typed back.
  if (text.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("contains a NUL character");
  }
  if (text.empty()) return Status::InvalidArgument("empty name");

  // ASCII needs no utf8proc: NFKC leaves it as it is, case folding only lowers A-Z, and its
  // white space is \t \n \v \f \r and the space. Most names are ASCII, and an import
  // normalises every name and alias it reads (utf8proc was most of listing 100K entities).
  if (std::all_of(text.begin(), text.end(), [](char c) { return (c & 0x80) == 0; })) {
    std::string normalized;
    normalized.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
      if (c == ' ' || (c >= '\t' && c <= '\r')) {
        pending_space = !normalized.empty();
        continue;
      }
      if (pending_space) normalized.push_back(' ');
      pending_space = false;
      normalized.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (normalized.empty()) return Status::InvalidArgument("empty name");
    return normalized;
  }

  Result<std::string> folded = NfkcCaseFold(text);
  if (!folded.ok()) return folded.status();

  // Fold after NFKC, which already turns most exotic spaces (U+3000, U+00A0) into U+0020. No
  // white-space character composes with its neighbours, so folding keeps the result in NFKC.
  std::string normalized;
  normalized.reserve(folded->size());
  bool pending_space = false;
  for (size_t pos = 0; pos < folded->size();) {
    const Decoded decoded = DecodeAt(*folded, pos);
    if (IsWhiteSpace(decoded.code_point)) {
      pending_space = !normalized.empty();  // drops leading white space
    } else {
      if (pending_space) normalized.push_back(' ');
      pending_space = false;
      normalized.append(*folded, pos, decoded.length);
    }
    pos += decoded.length;
  }
  if (normalized.empty()) return Status::InvalidArgument("empty name");
  return normalized;
}

namespace {

// True when every byte of `text` is in 0x20..0x7E. Eight bytes at a time: a byte below 0x20
// makes (word - 0x20 per byte) borrow into its top bit where the byte's own top bit is clear;
// a byte of 0x7F or more has its top bit set, or sets it when 0x01 is added (carries out of a
// byte that is already flagged do not matter: one flag is enough).
bool IsPrintableAscii(std::string_view text) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  uint64_t flags = 0;
  size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    flags |= ((word - 0x20 * kOnes) & ~word) | word | (word + kOnes);
  }
  if ((flags & kHighBits) != 0) return false;
  for (; pos < text.size(); ++pos) {
    const unsigned char c = static_cast<unsigned char>(text[pos]);
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  // Printable ASCII is one column a byte: most cells of a table are ids, dates and English,
  // and a 300K-row timeline spent a third of its printing decoding them. The test looks at
  // eight bytes at a time (GCC 12 -O2 left the byte loop scalar; it was 9% of printing).
  if (IsPrintableAscii(text)) return text.size();
  size_t width = 0;
  for (size_t pos = 0; pos < text.size();) {
    const Decoded decoded = DecodeAt(text, pos);
    width += CodePointWidth(decoded.code_point);
    pos += decoded.length;
  }
  return width;
}

std::string PadRight(std::string_view text, size_t width) {
  std::string padded(text);
  const size_t text_width = DisplayWidth(text);
  if (text_width < width) padded.append(width - text_width, ' ');
  return padded;
}

std::string TruncateToWidth(std::string_view text, size_t width) {
  if (DisplayWidth(text) <= width) return std::string(text);
  if (width < kEllipsisWidth) return std::string();

  // Keep whole code points while they fit beside the ellipsis. Zero-width marks that follow a
  // kept character stay with it; the loop stops at the first character that does not fit, so
  // the marks of a dropped character are dropped too.
  const size_t budget = width - kEllipsisWidth;
  size_t used = 0;
  size_t end = 0;
  while (end < text.size()) {
    const Decoded decoded = DecodeAt(text, end);
    const size_t char_width = CodePointWidth(decoded.code_point);
    if (used + char_width > budget) break;
    used += char_width;
    end += decoded.length;
  }
  std::string truncated(text.substr(0, end));
  truncated.append(kEllipsis);
  return truncated;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<int32_t> source = DecodeForComparison(a);
  std::vector<int32_t> target = DecodeForComparison(b);
  // The rows span the shorter string, so memory is O(min(|a|, |b|)).
  if (target.size() > source.size()) std::swap(source, target);

  std::vector<size_t> previous(target.size() + 1);
  std::vector<size_t> current(target.size() + 1);
  for (size_t target_idx = 0; target_idx <= target.size(); ++target_idx) {
    previous[target_idx] = target_idx;
  }
  for (size_t source_idx = 1; source_idx <= source.size(); ++source_idx) {
    current[0] = source_idx;
    for (size_t target_idx = 1; target_idx <= target.size(); ++target_idx) {
      const size_t substitution =
          previous[target_idx - 1] + (source[source_idx - 1] == target[target_idx - 1] ? 0 : 1);
      const size_t deletion = previous[target_idx] + 1;
      const size_t insertion = current[target_idx - 1] + 1;
      current[target_idx] = std::min({substitution, deletion, insertion});
    }
    std::swap(previous, current);
  }
  return previous[target.size()];
}

std::vector<std::string> ClosestNames(std::string_view query,
                                      const std::vector<std::string>& candidates, size_t limit) {
  std::vector<std::string> closest;
  if (limit == 0) return closest;
  // A query that is not a valid name has no meaningful neighbours; suggestions are a
  // convenience, so there is no error to report.
  Result<std::string> normalized_query = NormalizeName(query);
  if (!normalized_query.ok()) return closest;

  const size_t max_distance = std::max<size_t>(3, CountCodePoints(*normalized_query) / 2);
  struct Scored {
    size_t distance;
    size_t candidate_idx;
  };
  std::vector<Scored> scored;
  for (size_t candidate_idx = 0; candidate_idx < candidates.size(); ++candidate_idx) {
    Result<std::string> normalized = NormalizeName(candidates[candidate_idx]);
    if (!normalized.ok()) continue;  // a malformed candidate can never be what was meant
    size_t distance = EditDistance(*normalized_query, *normalized);
    if (distance > 1 && normalized->find(*normalized_query) != std::string::npos) distance = 1;
    if (distance <= max_distance) scored.push_back({distance, candidate_idx});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& lhs, const Scored& rhs) {
    return lhs.distance < rhs.distance;
  });
  for (size_t rank = 0; rank < scored.size() && rank < limit; ++rank) {
    closest.push_back(candidates[scored[rank].candidate_idx]);
  }
  return closest;
}

namespace {

constexpr size_t kMaxQuotedBytes = 64;

// `text` made safe to print inside a message: the input may be arbitrary bytes, so control
// characters and bytes that are not UTF-8 become \xNN, and long text is cut with "...".
std::string Printable(std::string_view text) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (out.size() >= kMaxQuotedBytes) {
      out += "...";
      break;
    }
    const auto byte = static_cast<unsigned char>(text[pos]);
    const Decoded decoded = DecodeAt(text, pos);
    const size_t length = decoded.length;
    if (decoded.code_point == kInvalidByte || byte < 0x20 || byte == 0x7F) {
      char escaped[5];
      std::snprintf(escaped, sizeof(escaped), "\\x%02X", byte);
      out += escaped;
      ++pos;
    } else {
      out.append(text.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

}  // namespace

std::string QuoteForMessage(std::string_view text) {
  // Built by appending: "'" + std::string trips GCC 12's false -Wrestrict (its bug 105651).
  std::string quoted = "'";
  quoted += Printable(text);
  quoted += '\'';
  return quoted;
}

}  // namespace chronicle
