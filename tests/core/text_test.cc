#include "core/text.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chronicle {
namespace {

// "손정의" spelled as conjoining jamo (NFD): U+1109 U+1169 U+11AB, U+110C U+1165 U+11BC,
// U+110B U+1174. Written as bytes so no editor or compiler can silently recompose it.
const std::string kSonJeongUiDecomposed =
    "\xE1\x84\x89\xE1\x85\xA9\xE1\x86\xAB"
    "\xE1\x84\x8C\xE1\x85\xA5\xE1\x86\xBC"
    "\xE1\x84\x8B\xE1\x85\xB4";

std::string Normalized(std::string_view text) {
  Result<std::string> result = NormalizeName(text);
  REQUIRE(result.ok());
  return *result;
}

void RequireInvalidArgument(std::string_view text, const std::string& message) {
  Result<std::string> result = NormalizeName(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == StatusCode::kInvalidArgument);
  CHECK(result.status().message() == message);
}

TEST_CASE("names normalise case-insensitively", "[core][text]") {
  CHECK(Normalized("  Son   MASAYOSHI ") == "son masayoshi");
  CHECK(Normalized("Sam Altman") == Normalized("SAM ALTMAN"));
  SECTION("full case folding, not just lower-casing") {
    CHECK(Normalized("STRASSE") == Normalized("Straße"));
    CHECK(Normalized("ΣΊΣΥΦΟΣ") == Normalized("σίσυφος"));
  }
}

TEST_CASE("ASCII names take a fast path that gives what utf8proc gives", "[core][text]") {
  CHECK(Normalized("\tOpenAI\r\n  Inc.\v") == "openai inc.");
  CHECK(Normalized("A\x1F" "B") == "a\x1F" "b");  // U+001F is a control, not white space
  // Appending "é" sends a name through utf8proc (NFKC, case folding, white space): for ASCII
  // names that end in something other than white space the two paths must agree.
  uint32_t seed = 12345;
  auto next = [&seed] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int round = 0; round < 2000; ++round) {
    std::string name;
    const size_t length = 1 + next() % 12;
    for (size_t idx = 0; idx < length; ++idx) name.push_back(static_cast<char>(1 + next() % 127));
    if (std::string_view(" \t\n\v\f\r").find(name.back()) != std::string_view::npos) continue;
    INFO("name bytes: " << name);
    CHECK(Normalized(name) + "\xC3\xA9" == Normalized(name + "\xC3\xA9"));
  }
}

TEST_CASE("names normalise compatibility characters to their plain forms (NFKC)", "[core][text]") {
  SECTION("full-width Latin") { CHECK(Normalized("ＳＯＦＴＢＡＮＫ") == "softbank"); }
  SECTION("full-width digits") { CHECK(Normalized("Ｇｒｏｕｐ　２０２４") == "group 2024"); }
  SECTION("ligatures") { CHECK(Normalized("\xEF\xAC\x81nance") == "finance"); }  // U+FB01 "ﬁ"
  SECTION("half-width katakana") { CHECK(Normalized("ｿﾌﾄﾊﾞﾝｸ") == "ソフトバンク"); }
  SECTION("decomposed Latin accents recompose") {
    CHECK(Normalized("Jose\xCC\x81") == "josé");  // e + U+0301 COMBINING ACUTE ACCENT
  }
}

TEST_CASE("composed and decomposed Hangul normalise to the same composed name", "[core][text]") {
  CHECK(Normalized(kSonJeongUiDecomposed) == "손정의");
  CHECK(Normalized("손정의") == "손정의");
  CHECK(Normalized("삼성전자 서초사옥") == "삼성전자 서초사옥");
}

TEST_CASE("white space is trimmed and every run folds to one ASCII space", "[core][text]") {
  SECTION("tabs and newlines") { CHECK(Normalized("\tSon\t\tMasayoshi\r\n") == "son masayoshi"); }
  SECTION("ideographic space U+3000") {
    CHECK(Normalized("\xE3\x80\x80손\xE3\x80\x80\xE3\x80\x80정의\xE3\x80\x80") == "손 정의");
  }
  SECTION("no-break space and line separator") {
    CHECK(Normalized("Sam\u00A0\u2028Altman") == "sam altman");  // U+00A0 U+2028
  }
  SECTION("mixed white space runs become one space") {
    CHECK(Normalized("Sam \t\xE3\x80\x80\n Altman") == "sam altman");
  }
}

TEST_CASE("normalising a normalised name changes nothing", "[core][text]") {
  for (const std::string_view name : {"  Son   MASAYOSHI ", "ＳＯＦＴＢＡＮＫ", "Straße",
                                      "\xEF\xAC\x81nance", "손정의", "孫正義", "Jose\xCC\x81"}) {
    const std::string once = Normalized(name);
    CHECK(Normalized(once) == once);
  }
  CHECK(Normalized(Normalized(kSonJeongUiDecomposed)) == Normalized(kSonJeongUiDecomposed));
}

TEST_CASE("NormalizeName rejects invalid UTF-8", "[core][text]") {
  SECTION("lone continuation byte") { RequireInvalidArgument("Sam\x80", "not valid UTF-8"); }
  SECTION("sequence cut off at the end") {
    RequireInvalidArgument("\xEC\x86", "not valid UTF-8");  // first two bytes of "손"
  }
  SECTION("overlong encoding of '/'") { RequireInvalidArgument("\xC0\xAF", "not valid UTF-8"); }
  SECTION("UTF-16 surrogate") { RequireInvalidArgument("\xED\xA0\x80", "not valid UTF-8"); }
  SECTION("beyond U+10FFFF") { RequireInvalidArgument("\xF4\x90\x80\x80", "not valid UTF-8"); }
  SECTION("Latin-1 bytes") { RequireInvalidArgument("Jos\xE9", "not valid UTF-8"); }
}

TEST_CASE("NormalizeName rejects a NUL character", "[core][text]") {
  RequireInvalidArgument(std::string("Sam\0Altman", 10), "contains a NUL character");
  RequireInvalidArgument(std::string("\0", 1), "contains a NUL character");
}

TEST_CASE("NormalizeName rejects a name that is empty after trimming", "[core][text]") {
  RequireInvalidArgument("", "empty name");
  RequireInvalidArgument("   ", "empty name");
  RequireInvalidArgument("\t\xE3\x80\x80\r\n", "empty name");
}

TEST_CASE("IsValidUtf8 accepts well-formed text only", "[core][text]") {
  CHECK(IsValidUtf8(""));
  CHECK(IsValidUtf8("Sam Altman"));
  CHECK(IsValidUtf8("손정의 孫正義 😀"));
  CHECK(IsValidUtf8(kSonJeongUiDecomposed));
  CHECK_FALSE(IsValidUtf8("\x80"));
  CHECK_FALSE(IsValidUtf8("\xEC\x86"));
  CHECK_FALSE(IsValidUtf8("\xED\xA0\x80"));
  CHECK_FALSE(IsValidUtf8("\xFF"));
}

TEST_CASE("DisplayWidth counts terminal columns", "[core][text]") {
  SECTION("Latin letters are one column each") { CHECK(DisplayWidth("Sam Altman") == 10); }
  SECTION("Hangul syllables are two columns") { CHECK(DisplayWidth("손정의") == 6); }
  SECTION("CJK ideographs are two columns") { CHECK(DisplayWidth("孫正義") == 6); }
  SECTION("mixed scripts add up") {
    CHECK(DisplayWidth("Son 손정의 (孫正義)") == 4 + 6 + 2 + 6 + 1);
  }
  SECTION("full-width Latin is two columns") { CHECK(DisplayWidth("ＳＢ") == 4); }
  SECTION("combining marks take no column") {
    CHECK(DisplayWidth("e\xCC\x81") == 1);  // e + U+0301
    CHECK(DisplayWidth("Jose\xCC\x81") == 4);
  }
  SECTION("conjoining Hangul jamo take the two columns of their syllable") {
    CHECK(DisplayWidth(kSonJeongUiDecomposed) == 6);
  }
  SECTION("zero-width and control characters take no column") {
    CHECK(DisplayWidth("a\u200Bb") == 2);  // U+200B ZERO WIDTH SPACE
    CHECK(DisplayWidth("a\tb\n") == 2);
  }
  SECTION("each invalid byte counts one column") {
    CHECK(DisplayWidth("Sam\x80") == 4);
    CHECK(DisplayWidth("\xEC\x86") == 2);  // a cut-off "손": two stray bytes
    CHECK(DisplayWidth("\xFF\xFE\xFD") == 3);
  }
  SECTION("empty text") { CHECK(DisplayWidth("") == 0); }
}

// DisplayWidth tests eight bytes at a time whether a text is printable ASCII (one column a
// byte): one byte outside 0x20..0x7E, at any position of texts of any length, must send it
// down the decoding path, and the bounds 0x20 and 0x7E must not.
TEST_CASE("DisplayWidth finds a non-printable byte at any position", "[core][text]") {
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t pos = 0; pos < length; ++pos) {
      for (char bound : {'\x20', '\x7E'}) {
        std::string text(length, 'a');
        text[pos] = bound;
        CHECK(DisplayWidth(text) == length);
      }
      // A tab and a unit separator take no column, nor does DEL; a stray 0x80 or 0xFF one.
      for (char other : {'\t', '\x1F', '\x7F', '\x80', '\xFF'}) {
        std::string text(length, 'a');
        text[pos] = other;
        INFO("length " << length << ", byte " << static_cast<int>(other & 0xFF) << " at " << pos);
        CHECK(DisplayWidth(text) == length - 1 + DisplayWidth(std::string(1, other)));
      }
    }
  }
  CHECK(DisplayWidth(std::string(1, '\x7F')) == 0);
  CHECK(DisplayWidth(std::string(1, '\x80')) == 1);
}

TEST_CASE("PadRight pads to a column count, not a byte count", "[core][text]") {
  CHECK(PadRight("손정의", 10) == "손정의    ");
  CHECK(DisplayWidth(PadRight("손정의", 10)) == 10);
  CHECK(PadRight("Sam", 5) == "Sam  ");
  CHECK(PadRight("e\xCC\x81", 3) == "e\xCC\x81  ");
  SECTION("text already as wide is unchanged") {
    CHECK(PadRight("손정의", 6) == "손정의");
    CHECK(PadRight("손정의", 4) == "손정의");
    CHECK(PadRight("", 0) == "");
  }
}

TEST_CASE("TruncateToWidth cuts at character boundaries and marks the cut", "[core][text]") {
  const std::string name = "삼성전자 서초사옥";  // 17 columns
  SECTION("text that fits is unchanged") {
    CHECK(TruncateToWidth(name, 17) == name);
    CHECK(TruncateToWidth(name, 40) == name);
    CHECK(TruncateToWidth("Sam", 3) == "Sam");
  }
  SECTION("Hangul is cut before the character that does not fit") {
    CHECK(TruncateToWidth(name, 7) == "삼성전…");
    CHECK(DisplayWidth(TruncateToWidth(name, 7)) == 7);
  }
  SECTION("an odd column left over is not filled by half a wide character") {
    CHECK(TruncateToWidth(name, 8) == "삼성전…");
    CHECK(DisplayWidth(TruncateToWidth(name, 8)) == 7);
  }
  SECTION("Latin") { CHECK(TruncateToWidth("Sam Altman", 6) == "Sam A…"); }
  SECTION("combining marks stay with their base character") {
    CHECK(TruncateToWidth("Jose\xCC\x81 Maria", 5) == "Jose\xCC\x81…");
  }
  SECTION("conjoining jamo stay with their syllable") {
    CHECK(TruncateToWidth(kSonJeongUiDecomposed, 5) ==
          kSonJeongUiDecomposed.substr(0, 18) + "…");  // the first two syllables
  }
  SECTION("tiny widths") {
    CHECK(TruncateToWidth(name, 1) == "…");
    CHECK(TruncateToWidth(name, 2) == "…");
    CHECK(TruncateToWidth(name, 0) == "");
  }
  SECTION("invalid bytes are kept whole, one column each") {
    CHECK(TruncateToWidth("ab\x80\x80\x80", 4) == "ab\x80…");
  }
  SECTION("every width gives valid UTF-8 no wider than asked") {
    for (const std::string& text : {name, std::string("Son 손정의 (孫正義)"), kSonJeongUiDecomposed,
                                    std::string("Jose\u0301 Mari\u0301a")}) {
      for (size_t width = 0; width <= DisplayWidth(text) + 1; ++width) {
        const std::string truncated = TruncateToWidth(text, width);
        CHECK(IsValidUtf8(truncated));
        CHECK(DisplayWidth(truncated) <= width);
      }
    }
  }
}

TEST_CASE("EditDistance counts code points, not bytes", "[core][text]") {
  CHECK(EditDistance("손정의", "손정이") == 1);
  CHECK(EditDistance("孫正義", "孫正") == 1);
  CHECK(EditDistance("kitten", "sitting") == 3);
  CHECK(EditDistance("flaw", "lawn") == 2);
  SECTION("identity and empty strings") {
    CHECK(EditDistance("", "") == 0);
    CHECK(EditDistance("손정의", "손정의") == 0);
    CHECK(EditDistance("", "손정의") == 3);
    CHECK(EditDistance("Sam", "") == 3);
  }
  SECTION("symmetric") {
    CHECK(EditDistance("sitting", "kitten") == 3);
    CHECK(EditDistance("손정이", "손정의") == 1);
  }
  SECTION("each invalid byte is one unit, equal only to itself") {
    CHECK(EditDistance("a\x80", "a\x80") == 0);
    CHECK(EditDistance("a\x80", "a\x81") == 1);
    CHECK(EditDistance("\xEC\x86", "손") == 2);  // two stray bytes vs one character
  }
}

TEST_CASE("ClosestNames suggests the nearest normalised names first", "[core][text]") {
  const std::vector<std::string> people = {"Son Masayoshi", "Samuel Altmann", "Sam Altman",
                                           "Elon Musk", "손정의"};
  SECTION("a typo suggests the intended name first") {
    const std::vector<std::string> closest = ClosestNames("Sam Altmn", people, 3);
    REQUIRE_FALSE(closest.empty());
    CHECK(closest.front() == "Sam Altman");
  }
  SECTION("comparison is on normalised forms") {
    CHECK(ClosestNames("ＳＡＭ  ALTMAN", people, 1) == std::vector<std::string>{"Sam Altman"});
    CHECK(ClosestNames("손정이", people, 5) == std::vector<std::string>{"손정의"});
  }
  SECTION("a query with no close candidate returns nothing") {
    CHECK(ClosestNames("Jensen Huang", people, 5).empty());
    CHECK(ClosestNames("Tim Cook", people, 5).empty());
  }
  SECTION("a candidate containing the query counts as distance 1") {
    // "altman" is 4 edits from "sam altman", beyond the limit of 3 without the substring rule,
    // and is ranked ahead of "aldmen", which is 2 edits away.
    const std::vector<std::string> candidates = {"Aldmen", "Sam Altman"};
    CHECK(ClosestNames("altman", candidates, 5) ==
          std::vector<std::string>{"Sam Altman", "Aldmen"});
  }
  SECTION("ties keep the candidates' order") {
    const std::vector<std::string> candidates = {"Sam Altmen", "Sam Altmon", "Sam Altman"};
    CHECK(ClosestNames("Sam Altmin", candidates, 3) == candidates);
  }
  SECTION("at most `limit` names") {
    const std::vector<std::string> candidates = {"Sam Altmen", "Sam Altmon", "Sam Altman"};
    CHECK(ClosestNames("Sam Altmin", candidates, 2).size() == 2);
    CHECK(ClosestNames("Sam Altmin", candidates, 0).empty());
  }
  SECTION("the distance limit grows with long queries") {
    // 24 code points allow 12 edits; the default 3 would not allow these 6.
    const std::vector<std::string> candidates = {"Masayoshi Son Foundation"};
    CHECK(ClosestNames("Masayoshi Son Fund Group", candidates, 1) == candidates);
  }
  SECTION("queries and candidates that are not valid names are ignored") {
    CHECK(ClosestNames("   ", people, 5).empty());
    CHECK(ClosestNames("Sam\x80", people, 5).empty());
    const std::vector<std::string> candidates = {"Sam\x80", "Sam Altman"};
    CHECK(ClosestNames("Sam Altmn", candidates, 5) == std::vector<std::string>{"Sam Altman"});
  }
}

TEST_CASE("QuoteForMessage escapes control characters and bytes that are not UTF-8",
          "[core][text]") {
  CHECK(QuoteForMessage("서울 Seoul") == "'서울 Seoul'");
  CHECK(QuoteForMessage("a\tb\x7F") == "'a\\x09b\\x7F'");
  CHECK(QuoteForMessage("\xC0\xAF") == "'\\xC0\\xAF'");               // overlong '/'
  CHECK(QuoteForMessage("\xED\xA0\x80") == "'\\xED\\xA0\\x80'");      // a surrogate
  CHECK(QuoteForMessage("\xF4\x90\x80\x80") == "'\\xF4\\x90\\x80\\x80'");  // above U+10FFFF
  CHECK(QuoteForMessage("\xEC\x84") == "'\\xEC\\x84'");               // cut short
  CHECK(QuoteForMessage(std::string(70, 'x')) == "'" + std::string(64, 'x') + "...'");
}

}  // namespace
}  // namespace chronicle
