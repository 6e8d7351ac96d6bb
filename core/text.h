// Unicode text helpers built on utf8proc: name normalisation for look-ups, display width for
// terminal tables, and edit distance for "did you mean" suggestions.
//
// All functions take and return UTF-8. They are pure and thread-safe.
#ifndef CHRONICLE_CORE_TEXT_H_
#define CHRONICLE_CORE_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace chronicle {

// True when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// The form under which names and aliases are indexed and looked up: Unicode NFKC, case-folded,
// leading/trailing white space removed, and every run of white space (any Unicode space,
// tab, newline) folded to one ASCII space. "  Son   MASAYOSHI " -> "son masayoshi";
// full-width "ＳＯＦＴＢＡＮＫ" -> "softbank"; Hangul is kept composed (NFKC).
// Returns InvalidArgument when `text` is not valid UTF-8 or contains a NUL character, and
// InvalidArgument("empty name") when nothing remains after trimming.
[[nodiscard]] Result<std::string> NormalizeName(std::string_view text);

// The number of terminal columns `text` occupies: East Asian wide and full-width characters
// (Hangul syllables, CJK ideographs) count 2, combining marks and zero-width characters 0,
// everything else 1. Invalid bytes count 1 each.
size_t DisplayWidth(std::string_view text);

// `text` padded on the right with spaces to `width` columns; unchanged when already as wide.
std::string PadRight(std::string_view text, size_t width);

// `text` cut to at most `width` columns, never splitting a character; when something was cut
// the result ends in "…" (which counts 1 column) and is at most `width` columns wide.
std::string TruncateToWidth(std::string_view text, size_t width);

// `text` in single quotes, safe to print in an error message: user input may be any bytes, so
// control characters and bytes that are not UTF-8 become \xNN, and text past 64 bytes is cut
// with "...".
std::string QuoteForMessage(std::string_view text);

// Levenshtein distance between two strings counted in code points (not bytes).
size_t EditDistance(std::string_view a, std::string_view b);

// Up to `limit` of `candidates` closest to `query` by EditDistance of their NormalizeName
// forms, closest first (ties keep the candidates' order). A candidate that contains the
// normalised query as a substring counts as distance 1 if its distance is larger. Candidates
// farther than max(3, query length in code points / 2) are left out.
std::vector<std::string> ClosestNames(std::string_view query,
                                      const std::vector<std::string>& candidates, size_t limit);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_TEXT_H_
