#include "core/versions.h"

#include <date/date.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <map>
#include <numeric>
#include <string>
#include <string_view>
#include <vector>

#include "core/record_json.h"

#ifndef CHRONICLE_SOURCE_DIR
#define CHRONICLE_SOURCE_DIR "."
#endif

namespace chronicle {
namespace {

// Unix seconds of a UTC date and time.
int64_t Utc(int year, unsigned month, unsigned day, int hour = 0, int minute = 0, int second = 0) {
  const date::sys_seconds instant =
      date::sys_days{date::year{year} / date::month{month} / date::day{day}} +
      std::chrono::hours{hour} + std::chrono::minutes{minute} + std::chrono::seconds{second};
  return instant.time_since_epoch().count();
}

Record MustParse(std::string_view line) {
  Result<Record> record = ParseRecordLine(line);
  INFO("line: " << line);
  INFO("error: " << (record.ok() ? "" : record.status().ToString()));
  REQUIRE(record.ok());
  return *record;
}

// `text` with its first `from` replaced by `to`. REQUIRES: `from` occurs in `text`.
std::string Replaced(std::string_view text, std::string_view from, std::string_view to) {
  std::string result(text);
  const size_t pos = result.find(from);
  INFO("replacing '" << from << "' in " << text);
  REQUIRE(pos != std::string::npos);
  result.replace(pos, from.size(), to);
  return result;
}

int64_t MustParseAsOf(std::string_view text) {
  Result<int64_t> as_of = ParseAsOf(text);
  INFO("--as-of " << text << ": " << (as_of.ok() ? "" : as_of.status().message()));
  REQUIRE(as_of.ok());
  return *as_of;
}

// The sources of the two Stargate batches that the versions below cite. Tagesspiegel is given
// a publication instant (the sample has only its day) to cover RFC 3339 values.
// Titles are shortened; the curly quotes of the originals are left out.
constexpr std::string_view kSourceLines[] = {
    R"json({"type":"source","id":"yonhap-2025-02-04-stargate","title":"트럼프가 띄운 스타게이트 한미일 AI 공조 열리나","publisher":"연합뉴스 (Yonhap News Agency)","published":"2025-02-04","language":"ko"})json",
    R"json({"type":"source","id":"chosunbiz-2025-02-04","title":"손정의 회장 좋은 논의 가져, 주로 업데이트 하는 자리","publisher":"조선비즈 (Chosun Biz)","published":"2025-02-04","language":"ko"})json",
    R"({"type":"source","id":"business-standard-2025-02-05-altman-vaishnaw","title":"[Business Standard report on Sam Altman's meeting with India's IT minister]","publisher":"Business Standard","published":"2025-02-05","language":"en"})",
    R"({"type":"source","id":"emirates247-2025-02-05-wgs-agenda","title":"[Emirates 24|7 report on the World Governments Summit agenda]","publisher":"Emirates 24|7","published":"2025-02-05","language":"en"})",
    R"({"type":"source","id":"tagesspiegel-2025-02-07-altman-tu-berlin","title":"[Tagesspiegel report on Sam Altman's panel discussion at TU Berlin]","publisher":"Der Tagesspiegel","published":"2025-02-07T18:05:00+01:00","language":"de"})",
    R"({"type":"source","id":"politico-2025-02-10-ai-action-summit","title":"[POLITICO Europe Morning Tech from Paris]","publisher":"POLITICO Europe","published":"2025-02-10","language":"en"})",
};

const SourceMap& Sources() {
  static const SourceMap* sources = [] {
    auto* map = new SourceMap;
    for (std::string_view line : kSourceLines) map->Add(std::get<Source>(MustParse(line)));
    return map;
  }();
  return *sources;
}

// Versions of the India visit: announced by Yonhap on 4 February, reported by Business
// Standard on 5 February (citing Yonhap's announcement too).
constexpr std::string_view kIndiaPlanned =
    R"({"type":"event","id":"2025-02-04-altman-india-visit","title":"Sam Altman to visit India","kind":"visit","when":"2025-02-04/2025-02-09","tz":"Asia/Kolkata","status":"planned","place":"india","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"yonhap-2025-02-04-stargate","quote":"일본·한국을 시작으로 인도·독일을 방문하고"}]})";
constexpr std::string_view kIndiaOccurred =
    R"({"type":"event","id":"2025-02-04-altman-india-visit","title":"Sam Altman visits India and meets IT minister Ashwini Vaishnaw","kind":"visit","when":"2025-02-05","tz":"Asia/Kolkata","status":"occurred","place":"new-delhi","participants":[{"entity":"sam-altman","role":"visitor"},{"entity":"ashwini-vaishnaw","role":"host"}],"sources":[{"source":"business-standard-2025-02-05-altman-vaishnaw"},{"source":"yonhap-2025-02-04-stargate","quote":"일본·한국을 시작으로 인도·독일을 방문하고"}],"attributes":{"formats_reported":["closed-door meeting","fireside chat"]}})";
// The same report without the citation of Yonhap: it no longer supersedes the announcement.
constexpr std::string_view kIndiaOccurredUncited =
    R"({"type":"event","id":"2025-02-04-altman-india-visit","title":"Sam Altman visits India and meets IT minister Ashwini Vaishnaw","kind":"visit","when":"2025-02-05","tz":"Asia/Kolkata","status":"occurred","place":"new-delhi","participants":[{"entity":"sam-altman","role":"visitor"},{"entity":"ashwini-vaishnaw","role":"host"}],"sources":[{"source":"business-standard-2025-02-05-altman-vaishnaw"}]})";
// Chosun Biz on the same day as Yonhap, with another title: a tie on record time and stage.
constexpr std::string_view kIndiaPlannedChosun =
    R"({"type":"event","id":"2025-02-04-altman-india-visit","title":"Altman heads to India after Korea","kind":"visit","when":"2025-02-04/2025-02-09","tz":"Asia/Kolkata","status":"planned","place":"india","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"chosunbiz-2025-02-04","quote":"올트먼 CEO가 최근 일본, 한국, 유럽 등을 잇달아 방문하는 것도"}]})";
// A report on the same day as Business Standard that only says the visit was reported.
constexpr std::string_view kIndiaReportedSameDay =
    R"({"type":"event","id":"2025-02-04-altman-india-visit","title":"Sam Altman's stop in New Delhi reported","kind":"visit","when":"2025-02-05","tz":"Asia/Kolkata","status":"reported","place":"new-delhi","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"emirates247-2025-02-05-wgs-agenda"},{"source":"yonhap-2025-02-04-stargate"}]})";

constexpr std::string_view kGermanyPlanned =
    R"({"type":"event","id":"2025-02-04-altman-germany-visit","title":"Sam Altman to visit Germany","kind":"visit","when":"2025-02-04/2025-02-09","tz":"Europe/Berlin","status":"planned","place":"germany","participants":[{"entity":"sam-altman","role":"visitor"}],"sources":[{"source":"yonhap-2025-02-04-stargate","quote":"일본·한국을 시작으로 인도·독일을 방문하고"},{"source":"chosunbiz-2025-02-04","quote":"올트먼 CEO가 최근 일본, 한국, 유럽 등을 잇달아 방문하는 것도"}]})";
constexpr std::string_view kGermanyOccurred =
    R"({"type":"event","id":"2025-02-04-altman-germany-visit","title":"Sam Altman visits Germany: panel discussion at TU Berlin","kind":"visit","when":"2025-02-07","tz":"Europe/Berlin","status":"occurred","place":"berlin","participants":[{"entity":"sam-altman","role":"visitor"},{"entity":"tu-berlin","role":"host"}],"sources":[{"source":"tagesspiegel-2025-02-07-altman-tu-berlin"},{"source":"yonhap-2025-02-04-stargate"},{"source":"chosunbiz-2025-02-04"}]})";
constexpr std::string_view kSummitPlanned =
    R"({"type":"event","id":"2025-02-10-altman-ai-action-summit","title":"Sam Altman to attend the AI Action Summit in France","kind":"summit","when":"2025-02-10/2025-02-16","tz":"Europe/Paris","status":"planned","place":"france","participants":[{"entity":"sam-altman","role":"attendee"}],"sources":[{"source":"yonhap-2025-02-04-stargate","quote":"다음 주에는 프랑스에서 열리는 AI 행동 정상회의"}]})";
constexpr std::string_view kSummitOccurred =
    R"({"type":"event","id":"2025-02-10-altman-ai-action-summit","title":"Sam Altman attends the AI Action Summit in Paris","kind":"summit","when":"2025-02-10/2025-02-11","tz":"Europe/Paris","status":"occurred","place":"paris","participants":[{"entity":"sam-altman","role":"attendee"}],"sources":[{"source":"politico-2025-02-10-ai-action-summit"},{"source":"yonhap-2025-02-04-stargate"}]})";
constexpr std::string_view kWgsPlanned =
    R"({"type":"event","id":"2025-02-10-altman-world-governments-summit","title":"Sam Altman to attend the World Governments Summit in the UAE","kind":"summit","when":"2025-02-10/2025-02-16","tz":"Asia/Dubai","status":"planned","place":"uae","participants":[{"entity":"sam-altman","role":"attendee"}],"sources":[{"source":"yonhap-2025-02-04-stargate","quote":"아랍에미리트(UAE)에서 열리는 세계정부정상회의(WGS)에 참석할 예정이다"}]})";
// The summit's dates narrowed by its agenda: still planned, dates refined.
constexpr std::string_view kWgsRefined =
    R"({"type":"event","id":"2025-02-10-altman-world-governments-summit","title":"Sam Altman to attend the World Governments Summit in Dubai","kind":"summit","when":"2025-02-11/2025-02-13","tz":"Asia/Dubai","status":"planned","place":"dubai","participants":[{"entity":"sam-altman","role":"attendee"}],"sources":[{"source":"emirates247-2025-02-05-wgs-agenda"},{"source":"yonhap-2025-02-04-stargate"}]})";
constexpr std::string_view kSeochoMeeting =
    R"({"type":"event","id":"2025-02-04-seocho-meeting","title":"Lee Jae-yong, Son Masayoshi and Sam Altman meet at Samsung's Seocho office","kind":"meeting","when":"2025-02-04","tz":"Asia/Seoul","status":"occurred","place":"samsung-seocho-office","sources":[{"source":"yonhap-2025-02-04-stargate"},{"source":"chosunbiz-2025-02-04"}]})";

// The Stargate announcement as two papers tell it: the same USD 500 billion, converted to
// won as 730조원 by one and 729조원 by the other.
constexpr std::string_view kAnnouncementYonhap =
    R"({"type":"event","id":"2025-01-21-stargate-announcement","title":"Trump announces Stargate","kind":"announcement","when":"2025-01-21","tz":"America/New_York","status":"occurred","place":"white-house","sources":[{"source":"yonhap-2025-02-04-stargate","quote":"5천억 달러(약 730조원) 이상을 투자해"}],"attributes":{"investment_total":"약 730조원","investment_usd":{"value":500000000000,"currency":"USD"}}})";
constexpr std::string_view kAnnouncementChosun =
    R"({"type":"event","id":"2025-01-21-stargate-announcement","title":"Trump announces Stargate","kind":"announcement","when":"2025-01-21","tz":"America/New_York","status":"occurred","place":"white-house","sources":[{"source":"chosunbiz-2025-02-04","quote":"5000억달러(약 729조원)를 투자"}],"attributes":{"investment_total":"약 729조원","investment_usd":{"value":500000000000,"currency":"USD"}}})";

RecordVersion Version(std::string_view line, uint64_t tx = 1, int64_t import_time = 0) {
  if (import_time == 0) import_time = Utc(2025, 6, 1) + static_cast<int64_t>(tx);
  return MakeRecordVersion(MustParse(line), Sources(), import_time, tx);
}

std::string TextOf(const RecordVersion& version) { return CanonicalRecordText(version.record); }

// The canonical text of the version in effect at `as_of`; "" when there is none.
std::string TextAsOf(const std::vector<RecordVersion>& versions, int64_t as_of) {
  const std::optional<size_t> idx = VersionAsOf(versions, as_of);
  return idx ? TextOf(versions[*idx]) : std::string();
}

// FindConflicts without the import numbers, which depend on the order of imports.
std::vector<FieldConflict> ConflictsWithoutTx(const std::vector<RecordVersion>& versions) {
  std::vector<FieldConflict> conflicts = FindConflicts(versions);
  for (FieldConflict& conflict : conflicts) {
    for (ConflictValue& value : conflict.values) {
      for (ConflictClaim& claim : value.claims) claim.tx = 0;
    }
  }
  return conflicts;
}

// What a store does on import: keeps `incoming` unless it is a duplicate.
void Store(std::vector<RecordVersion>* stored, RecordVersion incoming) {
  if (!IsDuplicateVersion(*stored, incoming)) stored->push_back(std::move(incoming));
}

TEST_CASE("the record time is the publication of the first source, else the import time",
          "[core][versions]") {
  const int64_t import_time = Utc(2025, 6, 1, 12);

  SECTION("a source dated by day gives 00:00 UTC of that day") {
    const RecordVersion version = Version(kIndiaPlanned, 1, import_time);
    CHECK(version.recorded_at == Utc(2025, 2, 4));
    CHECK(version.source == "yonhap-2025-02-04-stargate");
    CHECK(RecordTimeOf(MustParse(kIndiaPlanned), Sources(), import_time) == Utc(2025, 2, 4));
  }
  SECTION("a source with a date-time and offset gives that instant") {
    const RecordVersion version = Version(kGermanyOccurred, 1, import_time);
    CHECK(version.recorded_at == Utc(2025, 2, 7, 17, 5));
    CHECK(version.source == "tagesspiegel-2025-02-07-altman-tu-berlin");
  }
  SECTION("the first source counts, even when a later one is older") {
    // Business Standard (5 February) comes before Yonhap (4 February) in the list.
    const RecordVersion version = Version(kIndiaOccurred, 1, import_time);
    CHECK(version.recorded_at == Utc(2025, 2, 5));
    CHECK(version.source == "business-standard-2025-02-05-altman-vaishnaw");
  }
  SECTION("a record without sources takes the import time") {
    const Record relation = MustParse(
        R"({"type":"relation","id":"rel-new-delhi-located-in-india","kind":"located_in","from":"new-delhi","to":"india"})");
    CHECK(RecordTimeOf(relation, Sources(), import_time) == import_time);
    const RecordVersion version = MakeRecordVersion(relation, Sources(), import_time, 2);
    CHECK(version.source.empty());
    CHECK(version.tx == 2);
  }
  SECTION("an entity has no sources and takes the import time") {
    const Record entity = MustParse(
        R"({"type":"entity","id":"ashwini-vaishnaw","name":"Ashwini Vaishnaw","kind":"person"})");
    CHECK(RecordTimeOf(entity, Sources(), import_time) == import_time);
  }
  SECTION("a first source the lookup does not know falls back to the import time") {
    const Record event = MustParse(
        R"({"type":"event","id":"e","title":"T","kind":"visit","when":"2025-02-05","status":"occurred","sources":[{"source":"reuters-2025-02-05-altman-abu-dhabi-mgx"},{"source":"yonhap-2025-02-04-stargate"}]})");
    const RecordVersion version = MakeRecordVersion(event, Sources(), import_time, 1);
    CHECK(version.recorded_at == import_time);
    CHECK(version.source.empty());
  }
  SECTION("a source record is known from its own publication") {
    const Record source = *Sources().FindSource("tagesspiegel-2025-02-07-altman-tu-berlin");
    const RecordVersion version = MakeRecordVersion(source, SourceMap(), import_time, 1);
    CHECK(version.recorded_at == Utc(2025, 2, 7, 17, 5));
    CHECK(version.source == "tagesspiegel-2025-02-07-altman-tu-berlin");
  }
  SECTION("publication values") {
    CHECK(PublishedTime("2025-02-04") == Utc(2025, 2, 4));
    CHECK(PublishedTime("2025-02-04T15:30:00+09:00") == Utc(2025, 2, 4, 6, 30));
    CHECK(PublishedTime("2025-02-04T23:30:00-05:00") == Utc(2025, 2, 5, 4, 30));
    CHECK(PublishedTime("2025-02-04T06:30Z") == Utc(2025, 2, 4, 6, 30));
    CHECK(PublishedTime("1969-12-31") == -86400);
    CHECK_FALSE(PublishedTime("2025-02").has_value());
    CHECK_FALSE(PublishedTime("2025-02-04T15:30:00").has_value());  // local time, no offset
    CHECK_FALSE(PublishedTime("2025-02-04~").has_value());
    CHECK_FALSE(PublishedTime("4 February 2025").has_value());
  }
}

TEST_CASE("the dating source is a source's own id, else the first source cited",
          "[core][versions]") {
  CHECK(DatingSourceOf(MustParse(
            R"({"type": "source", "id": "s1", "title": "T", "publisher": "P", )"
            R"("published": "2025-02-04"})")) == "s1");
  CHECK(DatingSourceOf(MustParse(R"({"type": "entity", "id": "e", "name": "E", )"
                                 R"("kind": "person"})"))
            .empty());
  CHECK(DatingSourceOf(MustParse(
            R"({"type": "event", "id": "v", "title": "T", "kind": "meeting", "when": "2025", )"
            R"("status": "occurred", "sources": [{"source": "b"}, {"source": "a"}]})")) == "b");
  CHECK(DatingSourceOf(MustParse(R"({"type": "event", "id": "v", "title": "T", )"
                                 R"("kind": "meeting", "when": "2025", "status": "occurred"})"))
            .empty());
}

TEST_CASE("versions are ordered by record time and content, never by import number",
          "[core][versions]") {
  const std::vector<std::string_view> lines = {kIndiaOccurred, kIndiaPlannedChosun,
                                               kIndiaReportedSameDay, kIndiaPlanned};
  std::vector<RecordVersion> reference;
  for (std::string_view line : lines) reference.push_back(Version(line));
  SortVersions(&reference);

  SECTION("record time first; on the same day, planned before reported before occurred") {
    REQUIRE(reference.size() == 4);
    // 4 February: Yonhap and Chosun Biz, both planned; the canonical text settles the tie.
    CHECK(reference[0].recorded_at == Utc(2025, 2, 4));
    CHECK(reference[1].recorded_at == Utc(2025, 2, 4));
    CHECK(TextOf(reference[0]) < TextOf(reference[1]));
    // 5 February: "reported" comes before "occurred" although its text sorts after it.
    CHECK(std::get<Event>(reference[2].record).status == EventStatus::kReported);
    CHECK(TextOf(reference[2]) > TextOf(reference[3]));
    CHECK(std::get<Event>(reference[3].record).status == EventStatus::kOccurred);
    CHECK(VersionOrder(reference[2], reference[3]));
    CHECK_FALSE(VersionOrder(reference[3], reference[2]));
    CHECK_FALSE(VersionOrder(reference[0], reference[0]));
  }

  SECTION("every insertion order gives the same history, as-of answers and conflicts") {
    std::vector<std::string> reference_texts;
    for (const RecordVersion& version : reference) reference_texts.push_back(TextOf(version));
    const std::vector<int64_t> times = {Utc(2025, 2, 3), Utc(2025, 2, 4),     Utc(2025, 2, 4, 23),
                                        Utc(2025, 2, 5), Utc(2025, 2, 5, 12), Utc(2025, 12, 31)};
    std::vector<std::string> reference_answers;
    for (int64_t as_of : times) reference_answers.push_back(TextAsOf(reference, as_of));
    const std::vector<FieldConflict> reference_conflicts = ConflictsWithoutTx(reference);

    std::vector<size_t> permutation(lines.size());
    std::iota(permutation.begin(), permutation.end(), 0);
    int orders = 0;
    do {
      std::vector<RecordVersion> stored;
      for (size_t pos = 0; pos < permutation.size(); ++pos) {
        Store(&stored, Version(lines[permutation[pos]], pos + 1));
      }
      INFO("insertion order #" << orders);
      REQUIRE(stored.size() == lines.size());
      std::vector<std::string> answers;
      for (int64_t as_of : times) answers.push_back(TextAsOf(stored, as_of));
      CHECK(answers == reference_answers);
      CHECK(ConflictsWithoutTx(stored) == reference_conflicts);
      SortVersions(&stored);
      std::vector<std::string> texts;
      for (const RecordVersion& version : stored) texts.push_back(TextOf(version));
      CHECK(texts == reference_texts);
      ++orders;
    } while (std::next_permutation(permutation.begin(), permutation.end()));
    CHECK(orders == 24);
  }
}

TEST_CASE("the versions recorded by a time are a prefix of the sorted list, ending in effect",
          "[core][versions]") {
  std::vector<RecordVersion> sorted;
  for (std::string_view line :
       {kIndiaOccurred, kIndiaPlannedChosun, kIndiaReportedSameDay, kIndiaPlanned}) {
    sorted.push_back(Version(line));
  }
  SortVersions(&sorted);
  CHECK(CountRecordedBy(sorted, Utc(2025, 2, 3)) == 0);
  CHECK(CountRecordedBy(sorted, Utc(2025, 2, 4)) == 2);
  CHECK(CountRecordedBy(sorted, Utc(2025, 2, 5)) == 4);
  CHECK(CountRecordedBy({}, Utc(2025, 2, 5)) == 0);
  for (int64_t as_of : {Utc(2025, 2, 4), Utc(2025, 2, 4, 23), Utc(2025, 2, 5), Utc(2026, 1, 1)}) {
    INFO(as_of);
    CHECK(CountRecordedBy(sorted, as_of) == *VersionAsOf(sorted, as_of) + 1);
  }
}

TEST_CASE("the version in effect is the latest recorded at or before the as-of time",
          "[core][versions]") {
  const std::vector<RecordVersion> versions = {Version(kIndiaOccurred, 1),
                                               Version(kIndiaPlanned, 2)};

  SECTION("before the first version there is none") {
    CHECK_FALSE(VersionAsOf(versions, Utc(2025, 2, 3, 23, 59, 59)).has_value());
    CHECK_FALSE(VersionAsOf(versions, MustParseAsOf("2025-02-03")).has_value());
    CHECK_FALSE(VersionAsOf(versions, MustParseAsOf("2024")).has_value());
    CHECK_FALSE(VersionAsOf({}, Utc(2030, 1, 1)).has_value());
  }
  SECTION("the index points into the vector as given") {
    CHECK(VersionAsOf(versions, Utc(2025, 2, 4)) == 1u);
    CHECK(VersionAsOf(versions, Utc(2025, 2, 5)) == 0u);
  }
  SECTION("--as-of a day includes what was published that day") {
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-04")) == 1u);
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-05")) == 0u);
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02")) == 0u);
  }
  SECTION("an instant draws the line to the second") {
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-04T23:59:59Z")) == 1u);
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-05T00:00:00Z")) == 0u);
    // 08:59 in Seoul is still 4 February in UTC.
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-05T08:59:59+09:00")) == 1u);
    CHECK(VersionAsOf(versions, MustParseAsOf("2025-02-05T09:00+09:00")) == 0u);
  }
}

TEST_CASE("the --as-of bound takes the end of a day, month or year, or an instant", "[core][versions]") {
  SECTION("a day ends at 23:59:59 UTC") {
    CHECK(MustParseAsOf("2025-02-04") == Utc(2025, 2, 4, 23, 59, 59));
  }
  SECTION("a month or a year ends with its last day") {
    CHECK(MustParseAsOf("2025-02") == Utc(2025, 2, 28, 23, 59, 59));
    CHECK(MustParseAsOf("2024-02") == Utc(2024, 2, 29, 23, 59, 59));
    CHECK(MustParseAsOf("2025") == Utc(2025, 12, 31, 23, 59, 59));
    CHECK(MustParseAsOf("202X") == Utc(2029, 12, 31, 23, 59, 59));
  }
  SECTION("a date-time with offset is that instant") {
    CHECK(MustParseAsOf("2025-02-04T15:30:00+09:00") == Utc(2025, 2, 4, 6, 30));
    CHECK(MustParseAsOf("2025-02-04T15:30Z") == Utc(2025, 2, 4, 15, 30));
    CHECK(MustParseAsOf("2025-02-05T00:30:00+05:30") == Utc(2025, 2, 4, 19, 0));
  }
  SECTION("dates before 1970") { CHECK(MustParseAsOf("1969-12-31") == -1); }
}

TEST_CASE("the --as-of bound rejects what is neither a date nor an instant, saying why", "[core][versions]") {
  const auto error_of = [](std::string_view text) {
    Result<int64_t> as_of = ParseAsOf(text);
    REQUIRE_FALSE(as_of.ok());
    CHECK(as_of.status().code() == StatusCode::kInvalidArgument);
    return as_of.status().message();
  };
  CHECK(error_of("2025-02-30") == "--as-of: 2025-02-30 is not a valid date");
  CHECK(error_of("2025-13") == "--as-of: month 13 is out of range");
  CHECK(error_of("yesterday") == "--as-of: not an EDTF date: 'yesterday'");
  CHECK(error_of("2025-02-04T25:00:00Z") == "--as-of: hour 25 is out of range");
  CHECK(error_of("2025-02-04T15:30:00") ==
        "--as-of: '2025-02-04T15:30:00' has no UTC offset (add Z or an offset such as +09:00)");
  CHECK(error_of("2025-02-04/2025-02-05") ==
        "--as-of: '2025-02-04/2025-02-05' is an interval; expected a date (2025-02-04, 2025-02, "
        "2025) or a date-time with a UTC offset (2025-02-04T15:30:00+09:00)");
  CHECK(error_of("2025-02~") ==
        "--as-of: '2025-02~' is uncertain or approximate; expected a date (2025-02-04, 2025-02, "
        "2025) or a date-time with a UTC offset (2025-02-04T15:30:00+09:00)");
  CHECK(error_of("").rfind("--as-of: ", 0) == 0);
}

TEST_CASE("re-importing content already in effect adds no version", "[core][versions]") {
  SECTION("the same batch again") {
    std::vector<RecordVersion> stored;
    for (std::string_view line : {kIndiaPlanned, kIndiaOccurred}) Store(&stored, Version(line, 1));
    REQUIRE(stored.size() == 2);
    for (std::string_view line : {kIndiaPlanned, kIndiaOccurred}) {
      CHECK(IsDuplicateVersion(stored, Version(line, 2)));
    }
  }
  SECTION("an old announcement re-imported after its outcome is still a duplicate") {
    const std::vector<RecordVersion> stored = {Version(kIndiaPlanned, 1),
                                               Version(kIndiaOccurred, 2)};
    CHECK(IsDuplicateVersion(stored, Version(kIndiaPlanned, 3)));
  }
  SECTION("new content is a new version") {
    const std::vector<RecordVersion> stored = {Version(kIndiaPlanned, 1)};
    CHECK_FALSE(IsDuplicateVersion(stored, Version(kIndiaOccurred, 2)));
    CHECK_FALSE(IsDuplicateVersion({}, Version(kIndiaPlanned, 1)));
  }
  SECTION("records without sources: the version in effect decides") {
    constexpr std::string_view kLocated =
        R"({"type":"relation","id":"rel-berlin-located-in-germany","kind":"located_in","from":"berlin","to":"germany"})";
    constexpr std::string_view kLocatedSince =
        R"({"type":"relation","id":"rel-berlin-located-in-germany","kind":"located_in","from":"berlin","to":"germany","when":"1990-10-03/.."})";
    const std::vector<RecordVersion> stored = {Version(kLocated, 1, 1000),
                                               Version(kLocatedSince, 2, 2000)};
    // Re-imported later: each import has its own import time, but nothing is new.
    CHECK(IsDuplicateVersion(stored, Version(kLocatedSince, 3, 3000)));
    // Going back to the first content is a change.
    CHECK_FALSE(IsDuplicateVersion(stored, Version(kLocated, 3, 3000)));
    // An import dated between the two, with the content then in effect, adds nothing.
    CHECK(IsDuplicateVersion(stored, Version(kLocated, 3, 1500)));
  }
  SECTION("the two Stargate batches in either order store the same versions") {
    const std::vector<std::string_view> base = {kIndiaPlanned, kGermanyPlanned, kWgsPlanned};
    const std::vector<std::string_view> followup = {kIndiaOccurred, kGermanyOccurred, kWgsRefined};
    const auto import_in_order = [](const std::vector<std::vector<std::string_view>>& batches) {
      std::map<std::string, std::vector<RecordVersion>> store;
      uint64_t tx = 0;
      for (const auto& batch : batches) {
        ++tx;
        for (std::string_view line : batch) {
          RecordVersion version = Version(line, tx);
          const std::string id = RecordId(version.record);
          Store(&store[id], std::move(version));
        }
      }
      // And once more, as a user re-running the last import.
      for (std::string_view line : batches.back()) {
        RecordVersion version = Version(line, tx + 1);
        const std::string id = RecordId(version.record);
        Store(&store[id], std::move(version));
      }
      std::map<std::string, std::vector<std::string>> texts;
      for (auto& [id, versions] : store) {
        SortVersions(&versions);
        for (const RecordVersion& version : versions) texts[id].push_back(TextOf(version));
      }
      return texts;
    };
    const auto base_first = import_in_order({base, followup});
    const auto followup_first = import_in_order({followup, base});
    CHECK(base_first == followup_first);
    CHECK(base_first.at("2025-02-04-altman-india-visit").size() == 2);
  }
}

TEST_CASE("sources that disagree on a field are a conflict, with every value and source",
          "[core][versions]") {
  SECTION("730조원 against 729조원 for the same USD 500 billion") {
    const std::vector<RecordVersion> versions = {Version(kAnnouncementChosun, 2),
                                                 Version(kAnnouncementYonhap, 1)};
    const std::vector<FieldConflict> conflicts = FindConflicts(versions);
    REQUIRE(conflicts.size() == 1);
    const FieldConflict& conflict = conflicts[0];
    CHECK(conflict.record_id == "2025-01-21-stargate-announcement");
    CHECK(conflict.field == "attributes.investment_total");
    CHECK(conflict.kind == ConflictKind::kDisagreement);
    CHECK(ConflictKindName(conflict.kind) == "disagreement");
    // Both were published on 4 February; the canonical text orders the tie.
    REQUIRE(conflict.values.size() == 2);
    CHECK(conflict.values[0].value == "\"약 729조원\"");
    CHECK(conflict.values[0].claims ==
          std::vector<ConflictClaim>{{"chosunbiz-2025-02-04", Utc(2025, 2, 4), 2}});
    CHECK(conflict.values[1].value == "\"약 730조원\"");
    CHECK(conflict.values[1].claims ==
          std::vector<ConflictClaim>{{"yonhap-2025-02-04-stargate", Utc(2025, 2, 4), 1}});
  }
  SECTION("a version citing both sources settles it") {
    // Business Standard, citing both papers, as the first source: a later version.
    const std::string settled =
        Replaced(kAnnouncementYonhap, R"("sources":[)",
                 R"("sources":[{"source":"business-standard-2025-02-05-altman-vaishnaw"},)"
                 R"({"source":"chosunbiz-2025-02-04"},)");
    const std::vector<RecordVersion> versions = {
        Version(kAnnouncementYonhap, 1), Version(kAnnouncementChosun, 1), Version(settled, 2)};
    CHECK(FindConflicts(versions).empty());
  }
  SECTION("dates that cannot both be right") {
    const std::string chosun =
        Replaced(kAnnouncementChosun, R"("when":"2025-01-21")", R"("when":"2025-01-20")");
    const std::vector<RecordVersion> versions = {Version(kAnnouncementYonhap, 1),
                                                 Version(chosun, 2)};
    const std::vector<FieldConflict> conflicts = FindConflicts(versions);
    REQUIRE(conflicts.size() == 2);
    CHECK(conflicts[0].field == "when");
    REQUIRE(conflicts[0].values.size() == 2);
    CHECK(conflicts[0].values[0].value == "2025-01-20 (America/New_York)");
    CHECK(conflicts[0].values[0].claims[0].source == "chosunbiz-2025-02-04");
    CHECK(conflicts[0].values[1].value == "2025-01-21 (America/New_York)");
    CHECK(conflicts[0].values[1].claims[0].source == "yonhap-2025-02-04-stargate");
    CHECK(conflicts[1].field == "attributes.investment_total");
  }
  SECTION("21 January in Washington and 22 January in Seoul may be the same moment") {
    const std::string chosun = Replaced(
        Replaced(
            Replaced(kAnnouncementYonhap, "yonhap-2025-02-04-stargate", "chosunbiz-2025-02-04"),
            R"("when":"2025-01-21")", R"("when":"2025-01-22")"),
        "America/New_York", "Asia/Seoul");
    const std::vector<RecordVersion> versions = {Version(kAnnouncementYonhap, 1),
                                                 Version(chosun, 2)};
    CHECK(FindConflicts(versions).empty());
    // Without zones they are two different UTC days.
    const std::string yonhap_utc = Replaced(kAnnouncementYonhap, R"("tz":"America/New_York",)", "");
    const std::string chosun_utc = Replaced(chosun, R"("tz":"Asia/Seoul",)", "");
    const std::vector<FieldConflict> conflicts =
        FindConflicts({Version(yonhap_utc, 1), Version(chosun_utc, 2)});
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "when");
  }
  SECTION("a more precise date is a refinement, not a conflict") {
    const std::string month =
        Replaced(Replaced(kAnnouncementChosun, R"("when":"2025-01-21")", R"("when":"2025-01")"),
                 "\"약 729조원\"", "\"약 730조원\"");
    CHECK(FindConflicts({Version(kAnnouncementYonhap, 1), Version(month, 2)}).empty());
  }
  SECTION("occurred against cancelled") {
    const std::string cancelled = Replaced(Replaced(kAnnouncementChosun, "occurred", "cancelled"),
                                           "\"약 729조원\"", "\"약 730조원\"");
    const std::vector<FieldConflict> conflicts =
        FindConflicts({Version(kAnnouncementYonhap, 1), Version(cancelled, 2)});
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].field == "status");
    CHECK(conflicts[0].kind == ConflictKind::kDisagreement);
  }
  SECTION("an outcome report that does not cite the announcement") {
    const std::vector<FieldConflict> conflicts =
        FindConflicts({Version(kIndiaPlanned, 1), Version(kIndiaOccurredUncited, 2)});
    // The dates overlap and planned -> occurred is progress; place and title differ.
    std::vector<std::string> fields;
    for (const FieldConflict& conflict : conflicts) fields.push_back(conflict.field);
    CHECK(fields == std::vector<std::string>{"place", "title"});
    CHECK(conflicts[0].values[0].value == "india");
    CHECK(conflicts[0].values[1].value == "new-delhi");
  }
}

TEST_CASE("a later version from the same or a citing source is a correction, not a conflict",
          "[core][versions]") {
  SECTION("the same source corrects a figure") {
    const std::string corrected = Replaced(kAnnouncementYonhap, "\"약 730조원\"", "\"약 729조원\"");
    CHECK(FindConflicts({Version(kAnnouncementYonhap, 1), Version(corrected, 2)}).empty());
  }
  SECTION("the outcome report cites the announcement") {
    CHECK(FindConflicts({Version(kIndiaPlanned, 1), Version(kIndiaOccurred, 2)}).empty());
  }
  SECTION("versions without a source are the importer's own") {
    constexpr std::string_view kLocated =
        R"({"type":"relation","id":"rel-tu-berlin-located-in-berlin","kind":"located_in","from":"tu-berlin","to":"berlin"})";
    constexpr std::string_view kLocatedSourced =
        R"({"type":"relation","id":"rel-tu-berlin-located-in-berlin","kind":"located_in","from":"tu-berlin","to":"germany","sources":[{"source":"tagesspiegel-2025-02-07-altman-tu-berlin"}]})";
    CHECK(FindConflicts({Version(kLocated, 1, 1000), Version(kLocatedSourced, 2)}).empty());
  }
  SECTION("one version, or none, has nothing to disagree with") {
    CHECK(FindConflicts({}).empty());
    CHECK(FindConflicts({Version(kAnnouncementYonhap)}).empty());
  }
}

TEST_CASE("a status that moves backwards is flagged, even from one source", "[core][versions]") {
  SECTION("the order of statuses") {
    using S = EventStatus;
    CHECK_FALSE(IsStatusRegression(S::kPlanned, S::kOccurred));
    CHECK_FALSE(IsStatusRegression(S::kPlanned, S::kPostponed));
    CHECK_FALSE(IsStatusRegression(S::kPlanned, S::kCancelled));
    CHECK_FALSE(IsStatusRegression(S::kPostponed, S::kOccurred));
    CHECK_FALSE(IsStatusRegression(S::kReported, S::kOccurred));
    CHECK_FALSE(IsStatusRegression(S::kOccurred, S::kOccurred));
    CHECK_FALSE(IsStatusRegression(S::kOccurred, S::kCancelled));
    CHECK_FALSE(IsStatusRegression(S::kReported, S::kPlanned));
    CHECK_FALSE(IsStatusRegression(S::kPlanned, S::kReported));
    CHECK(IsStatusRegression(S::kOccurred, S::kPlanned));
    CHECK(IsStatusRegression(S::kCancelled, S::kPlanned));
    CHECK(IsStatusRegression(S::kOccurred, S::kReported));
    CHECK(IsStatusRegression(S::kCancelled, S::kPostponed));
    CHECK(IsStatusRegression(S::kPostponed, S::kPlanned));
  }
  SECTION("occurred, then planned again from one source") {
    constexpr std::string_view kVisited =
        R"({"type":"relation","id":"rel-sam-altman-visited-india","kind":"visited","from":"sam-altman","to":"india","when":"2025-02-05","status":"occurred"})";
    constexpr std::string_view kToVisit =
        R"({"type":"relation","id":"rel-sam-altman-visited-india","kind":"visited","from":"sam-altman","to":"india","when":"2025-02-05","status":"planned"})";
    const std::vector<FieldConflict> conflicts =
        FindConflicts({Version(kToVisit, 2, 2000), Version(kVisited, 1, 1000)});
    REQUIRE(conflicts.size() == 1);
    const FieldConflict& conflict = conflicts[0];
    CHECK(conflict.record_id == "rel-sam-altman-visited-india");
    CHECK(conflict.field == "status");
    CHECK(conflict.kind == ConflictKind::kStatusRegression);
    CHECK(ConflictKindName(conflict.kind) == "status regression");
    REQUIRE(conflict.values.size() == 2);
    CHECK(conflict.values[0].value == "occurred");
    CHECK(conflict.values[0].claims == std::vector<ConflictClaim>{{"", 1000, 1}});
    CHECK(conflict.values[1].value == "planned");
    CHECK(conflict.values[1].claims == std::vector<ConflictClaim>{{"", 2000, 2}});
  }
  SECTION("a later source citing the report but calling the visit planned") {
    // Tagesspiegel (7 February) calls it planned, citing Business Standard but not Yonhap.
    const std::string replanned = Replaced(
        kIndiaPlanned,
        R"({"source":"yonhap-2025-02-04-stargate","quote":"일본·한국을 시작으로 인도·독일을 방문하고"})",
        R"({"source":"tagesspiegel-2025-02-07-altman-tu-berlin"},)"
        R"({"source":"business-standard-2025-02-05-altman-vaishnaw"})");
    const std::vector<FieldConflict> conflicts = FindConflicts(
        {Version(kIndiaPlanned, 1), Version(kIndiaOccurred, 2), Version(replanned, 3)});
    REQUIRE(conflicts.size() == 1);
    CHECK(conflicts[0].kind == ConflictKind::kStatusRegression);
    CHECK(conflicts[0].values[0].claims[0].source ==
          "business-standard-2025-02-05-altman-vaishnaw");
    CHECK(conflicts[0].values[1].claims[0].source == "tagesspiegel-2025-02-07-altman-tu-berlin");
  }
  SECTION("planned and occurred on the same day read as progress") {
    const std::string same_day = Replaced(
        kIndiaOccurred, "business-standard-2025-02-05-altman-vaishnaw", "chosunbiz-2025-02-04");
    CHECK(FindConflicts({Version(same_day, 1), Version(kIndiaPlanned, 2)}).empty());
  }
}

TEST_CASE("plans as of a date list what was announced then and what it became",
          "[core][versions]") {
  const std::vector<std::vector<RecordVersion>> events = {
      {Version(kWgsRefined, 2), Version(kWgsPlanned, 1)},
      {Version(kIndiaPlanned, 1), Version(kIndiaOccurred, 2)},
      {Version(kSeochoMeeting, 1)},
      {Version(kGermanyOccurred, 2), Version(kGermanyPlanned, 1)},
      {Version(kSummitPlanned, 1), Version(kSummitOccurred, 3)},
  };
  const int64_t now = Utc(2025, 6, 1);
  const auto status_of = [](const RecordVersion& version) {
    return std::get<Event>(version.record).status;
  };

  SECTION("as of 4 February: four plans and their outcomes") {
    const std::vector<PlanOutcome> plans = PlansAsOf(events, MustParseAsOf("2025-02-04"), now);
    std::vector<std::string> ids;
    for (const PlanOutcome& plan : plans) ids.push_back(plan.id);
    CHECK(ids == std::vector<std::string>{"2025-02-04-altman-germany-visit",
                                          "2025-02-04-altman-india-visit",
                                          "2025-02-10-altman-ai-action-summit",
                                          "2025-02-10-altman-world-governments-summit"});
    REQUIRE(plans.size() == 4);
    for (const PlanOutcome& plan : plans) {
      INFO(plan.id);
      CHECK(status_of(plan.planned) == EventStatus::kPlanned);
      CHECK(plan.planned.recorded_at == Utc(2025, 2, 4));
      REQUIRE(plan.outcome.has_value());
    }
    CHECK(status_of(*plans[0].outcome) == EventStatus::kOccurred);
    CHECK(std::get<Event>(plans[0].outcome->record).when.ToString() == "2025-02-07");
    CHECK(status_of(*plans[1].outcome) == EventStatus::kOccurred);
    CHECK(std::get<Event>(plans[1].outcome->record).when.ToString() == "2025-02-05");
    CHECK(plans[1].outcome->source == "business-standard-2025-02-05-altman-vaishnaw");
    CHECK(status_of(*plans[2].outcome) == EventStatus::kOccurred);
    // Still planned, with the dates narrowed from "next week" to the summit's days.
    CHECK(status_of(*plans[3].outcome) == EventStatus::kPlanned);
    CHECK(std::get<Event>(plans[3].outcome->record).when.ToString() == "2025-02-11/2025-02-13");
  }
  SECTION("as of 6 February: the India visit is no longer a plan") {
    const std::vector<PlanOutcome> plans = PlansAsOf(events, MustParseAsOf("2025-02-06"), now);
    REQUIRE(plans.size() == 3);
    CHECK(plans[0].id == "2025-02-04-altman-germany-visit");
    CHECK(plans[1].id == "2025-02-10-altman-ai-action-summit");
    // The refined plan is what is in effect both then and now: nothing became of it yet.
    CHECK(plans[2].id == "2025-02-10-altman-world-governments-summit");
    CHECK(std::get<Event>(plans[2].planned.record).when.ToString() == "2025-02-11/2025-02-13");
    CHECK_FALSE(plans[2].outcome.has_value());
  }
  SECTION("before anything was announced there are no plans") {
    CHECK(PlansAsOf(events, MustParseAsOf("2025-02-03"), now).empty());
  }
  SECTION("as of now the outcome is the plan itself") {
    const std::vector<PlanOutcome> plans = PlansAsOf(events, now, now);
    REQUIRE(plans.size() == 1);
    CHECK(plans[0].id == "2025-02-10-altman-world-governments-summit");
    CHECK_FALSE(plans[0].outcome.has_value());
  }
  SECTION("postponed counts as planned; records that are not events are skipped") {
    const std::string postponed =
        Replaced(kSummitPlanned, R"("status":"planned")", R"("status":"postponed")");
    const std::vector<std::vector<RecordVersion>> mixed = {
        {Version(postponed, 1)},
        {Version(
            R"({"type":"relation","id":"rel-softbank-group-invests-in-openai","kind":"invests_in","from":"softbank-group","to":"openai","status":"planned","sources":[{"source":"chosunbiz-2025-02-04"}]})",
            1)},
        {},
    };
    const std::vector<PlanOutcome> plans = PlansAsOf(mixed, MustParseAsOf("2025-02-04"), now);
    REQUIRE(plans.size() == 1);
    CHECK(status_of(plans[0].planned) == EventStatus::kPostponed);
  }
}

TEST_CASE("changed fields name what a new version changed, in field order", "[core][versions]") {
  SECTION("a plan and its outcome") {
    CHECK(ChangedFields(MustParse(kIndiaPlanned), MustParse(kIndiaOccurred)) ==
          std::vector<std::string>{"title", "when", "status", "place", "participants", "sources",
                                   "attributes.formats_reported"});
  }
  SECTION("attributes are compared key by key") {
    const std::string added_key = Replaced(kAnnouncementYonhap, R"("investment_usd")",
                                           R"("announced_by":"donald-trump","investment_usd")");
    CHECK(ChangedFields(MustParse(kAnnouncementYonhap), MustParse(kAnnouncementChosun)) ==
          std::vector<std::string>{"sources", "attributes.investment_total"});
    CHECK(ChangedFields(MustParse(kAnnouncementYonhap), MustParse(added_key)) ==
          std::vector<std::string>{"attributes.announced_by"});
    CHECK(ChangedFields(MustParse(added_key), MustParse(kAnnouncementYonhap)) ==
          std::vector<std::string>{"attributes.announced_by"});
  }
  SECTION("equal records, other record types") {
    CHECK(ChangedFields(MustParse(kIndiaPlanned), MustParse(kIndiaPlanned)).empty());
    const Record source = *Sources().FindSource("yonhap-2025-02-04-stargate");
    CHECK(ChangedFields(MustParse(kIndiaPlanned), source) == std::vector<std::string>{"type"});
    Source renamed = std::get<Source>(source);
    renamed.published = "2025-02-04T09:12:00+09:00";
    renamed.url = "https://www.yna.co.kr/";
    CHECK(ChangedFields(source, renamed) == std::vector<std::string>{"published", "url"});
    const Record entity = MustParse(
        R"({"type":"entity","id":"ashwini-vaishnaw","name":"Ashwini Vaishnaw","kind":"person"})");
    const Record entity_aliased = MustParse(
        R"({"type":"entity","id":"ashwini-vaishnaw","name":"Ashwini Vaishnaw","kind":"person","aliases":["अश्विनी वैष्णव"]})");
    CHECK(ChangedFields(entity, entity_aliased) == std::vector<std::string>{"aliases"});
  }
}

// Both sample batches, grouped by id, imported in one order or the other.
std::map<std::string, std::vector<RecordVersion>> ImportSamples(bool followup_first) {
  std::vector<std::string> files = {
      std::string(CHRONICLE_SOURCE_DIR) + "/samples/stargate.jsonl",
      std::string(CHRONICLE_SOURCE_DIR) + "/samples/stargate-followup.jsonl"};
  if (followup_first) std::swap(files[0], files[1]);
  std::vector<std::vector<Record>> batches;
  SourceMap sources;
  for (const std::string& file : files) {
    std::ifstream input(file);
    INFO("sample: " << file);
    REQUIRE(input);
    batches.emplace_back();
    std::string line;
    while (std::getline(input, line)) {
      if (line.empty()) continue;
      batches.back().push_back(MustParse(line));
      if (const auto* source = std::get_if<Source>(&batches.back().back())) sources.Add(*source);
    }
  }
  std::map<std::string, std::vector<RecordVersion>> store;
  for (size_t batch_idx = 0; batch_idx < batches.size(); ++batch_idx) {
    const uint64_t tx = batch_idx + 1;
    for (const Record& record : batches[batch_idx]) {
      RecordVersion version = MakeRecordVersion(record, sources, Utc(2025, 6, 1) + tx, tx);
      Store(&store[RecordId(record)], std::move(version));
    }
  }
  return store;
}

TEST_CASE("the Stargate batches give the same answers in either import order", "[core][versions]") {
  const auto base_first = ImportSamples(false);
  const auto followup_first = ImportSamples(true);
  REQUIRE(base_first.size() == followup_first.size());
  const std::vector<int64_t> times = {MustParseAsOf("2025-02-03"), MustParseAsOf("2025-02-04"),
                                      MustParseAsOf("2025-02-05"), MustParseAsOf("2025-02-07"),
                                      MustParseAsOf("2025-04"),    Utc(2025, 7, 1)};
  std::vector<std::vector<RecordVersion>> events;
  size_t versioned = 0;
  for (const auto& [id, versions] : base_first) {
    const std::vector<RecordVersion>& other = followup_first.at(id);
    if (std::holds_alternative<Entity>(versions.front().record)) continue;  // import time
    if (versions.front().source.empty()) continue;                          // import time
    INFO("record " << id);
    for (int64_t as_of : times) CHECK(TextAsOf(versions, as_of) == TextAsOf(other, as_of));
    // Every follow-up cites what it updates, so the only disagreement is batch 1's: the two
    // papers' won figures for the Stargate announcement.
    if (id == "2025-01-21-stargate-announcement") {
      REQUIRE(ConflictsWithoutTx(versions).size() == 1);
      CHECK(ConflictsWithoutTx(versions)[0].field == "attributes.investment_total_krw");
    } else {
      CHECK(ConflictsWithoutTx(versions).empty());
    }
    CHECK(ConflictsWithoutTx(versions) == ConflictsWithoutTx(other));
    if (versions.size() > 1) ++versioned;
    if (std::holds_alternative<Event>(versions.front().record)) events.push_back(versions);
  }
  CHECK(versioned == 8);  // the follow-up's 7, and the announcement told by both papers

  const std::vector<PlanOutcome> plans =
      PlansAsOf(events, MustParseAsOf("2025-02-04"), Utc(2025, 7, 1));
  std::vector<std::string> summary;
  for (const PlanOutcome& plan : plans) {
    std::string line = plan.id + ": ";
    line += plan.outcome
                ? std::string(EventStatusName(std::get<Event>(plan.outcome->record).status)) + " " +
                      std::get<Event>(plan.outcome->record).when.ToString()
                : "unchanged";
    summary.push_back(line);
  }
  CHECK(summary == std::vector<std::string>{
                       "2025-02-04-altman-germany-visit: occurred 2025-02-07",
                       "2025-02-04-altman-india-visit: occurred 2025-02-05",
                       "2025-02-04-softbank-planned-investments: planned 2025-02-04/..",
                       "2025-02-10-altman-ai-action-summit: occurred 2025-02-10/2025-02-11",
                       "2025-02-10-altman-world-governments-summit: planned 2025-02-11/2025-02-13",
                   });
}

}  // namespace
}  // namespace chronicle
