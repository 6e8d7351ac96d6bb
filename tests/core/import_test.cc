#include "core/import.h"

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/record_json.h"
#include "core/text.h"

namespace chronicle {
namespace {

// The store as the planner sees it, in memory: records kept as canonical text, entities
// indexed under the NormalizeName form of their name and aliases.
class FakeDirectory : public RecordDirectory {
 public:
  // Stores `line` (one import line, references already written as ids).
  void Store(std::string_view line) {
    Result<Record> record = ParseRecordLine(line);
    INFO("line: " << line);
    REQUIRE(record.ok());
    const std::string& id = RecordId(*record);
    records_[id] = StoredRecord{std::string(RecordTypeName(*record)), CanonicalRecordText(*record)};
    if (const Entity* entity = std::get_if<Entity>(&*record)) {
      IndexName(entity->name, id);
      for (const std::string& alias : entity->aliases) IndexName(alias, id);
    }
  }

  // Makes every later call fail with `status`, as a store with a broken disk would.
  void FailWith(Status status) { failure_ = std::move(status); }

  Result<std::optional<StoredRecord>> FindById(std::string_view id) override {
    if (!failure_.ok()) return failure_;
    auto it = records_.find(std::string(id));
    if (it == records_.end()) return std::optional<StoredRecord>();
    return std::optional<StoredRecord>(it->second);
  }
  Result<std::vector<std::string>> FindEntitiesByName(std::string_view normalized_name) override {
    if (!failure_.ok()) return failure_;
    auto it = ids_by_name_.find(std::string(normalized_name));
    if (it == ids_by_name_.end()) return std::vector<std::string>();
    return std::vector<std::string>(it->second.begin(), it->second.end());
  }
  Result<std::vector<std::string>> AllEntityNames() override {
    if (!failure_.ok()) return failure_;
    return names_;
  }

 private:
  void IndexName(const std::string& name, const std::string& id) {
    Result<std::string> normalized = NormalizeName(name);
    REQUIRE(normalized.ok());
    ids_by_name_[*normalized].insert(id);
    names_.push_back(name);
  }

  std::map<std::string, StoredRecord> records_;
  std::map<std::string, std::set<std::string>> ids_by_name_;
  std::vector<std::string> names_;
  Status failure_;
};

constexpr char kSon[] =
    R"({"type": "entity", "id": "son-masayoshi", "name": "Son Masayoshi", "kind": "person", )"
    R"("aliases": ["손정의", "Masayoshi Son"]})";
constexpr char kAltman[] =
    R"({"type": "entity", "id": "sam-altman", "name": "Sam Altman", "kind": "person", )"
    R"("aliases": ["샘 올트먼"]})";
constexpr char kOpenAi[] =
    R"({"type": "entity", "id": "openai", "name": "OpenAI", "kind": "organization"})";
constexpr char kSeoul[] =
    R"({"type": "entity", "id": "seoul", "name": "Seoul", "kind": "place", "aliases": ["서울"]})";
constexpr char kYonhap[] =
    R"({"type": "source", "id": "yonhap-2025-02-04", "title": "Stargate", "publisher": "Yonhap", )"
    R"("published": "2025-02-04"})";

// An event line whose only participant is `reference`.
std::string EventWith(std::string_view id, std::string_view reference) {
  return R"({"type": "event", "id": ")" + std::string(id) +
         R"(", "title": "Meeting", "kind": "meeting", "when": "2025-02-04", )"
         R"("status": "occurred", "participants": [{"entity": ")" +
         std::string(reference) + R"(", "role": "guest"}]})";
}

// A relation line from `from` to `to`.
std::string RelationWith(std::string_view id, std::string_view from, std::string_view to) {
  return R"({"type": "relation", "id": ")" + std::string(id) +
         R"(", "kind": "partner_of", "from": ")" + std::string(from) + R"(", "to": ")" +
         std::string(to) + R"("})";
}

std::string Lines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

// Reads `text` as the file "in.jsonl"; every line must parse.
std::vector<InputRecord> Inputs(const std::string& text) {
  std::istringstream input(text);
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  ReadJsonLines(input, "in.jsonl", &records, &errors);
  INFO("first error: " << (errors.empty() ? "none" : errors.front().ToString()));
  REQUIRE(errors.empty());
  return records;
}

// The import time the tests plan with: 2025-03-01T00:00:00Z.
constexpr int64_t kImportTime = 1'740'787'200;
// Midnight UTC of 2025-02-04 and 2025-02-05, as sources published those days date what cites
// them.
constexpr int64_t kFebruary4 = 1'738'627'200;
constexpr int64_t kFebruary5 = 1'738'713'600;

ImportPlan Plan(const std::vector<std::string>& lines, RecordDirectory& directory,
                int64_t import_time = kImportTime) {
  Result<ImportPlan> plan = PlanImport(Inputs(Lines(lines)), directory, import_time);
  INFO("error: " << (plan.ok() ? "none" : plan.status().ToString()));
  REQUIRE(plan.ok());
  return std::move(plan).value();
}

std::vector<std::string> ErrorTexts(const std::vector<Status>& errors) {
  std::vector<std::string> texts;
  for (const Status& error : errors) texts.push_back(error.ToString());
  return texts;
}

// The id the single participant of the planned event `event_id` resolved to.
std::string ResolvedParticipant(const ImportPlan& plan, const std::string& event_id) {
  INFO("errors: " << Catch::Detail::stringify(ErrorTexts(plan.errors)));
  REQUIRE(plan.errors.empty());
  for (const Record& record : plan.records) {
    if (RecordId(record) != event_id) continue;
    const Event* event = std::get_if<Event>(&record);
    REQUIRE(event != nullptr);
    REQUIRE(event->participants.size() == 1);
    return event->participants[0].entity;
  }
  FAIL("no planned record " << event_id);
  return "";
}

TEST_CASE("JSON Lines: blank lines are skipped and CRLF is accepted", "[core][import]") {
  std::istringstream input(std::string(kOpenAi) + "\r\n" + "\r\n" + "   \t\n" + "\n" + kYonhap +
                           "\r\n" + kSeoul);
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  ReadJsonLines(input, "in.jsonl", &records, &errors);
  CHECK(ErrorTexts(errors).empty());
  REQUIRE(records.size() == 3);
  CHECK(RecordId(records[0].record) == "openai");
  CHECK(records[0].file == "in.jsonl");
  CHECK(records[0].line == 1);
  CHECK(RecordId(records[1].record) == "yonhap-2025-02-04");
  CHECK(records[1].line == 5);
  CHECK(RecordId(records[2].record) == "seoul");
  CHECK(records[2].line == 6);
  CHECK(std::get<Entity>(records[0].record).name == "OpenAI");
}

TEST_CASE("JSON Lines: each bad line is reported with file and line, and reading goes on",
          "[core][import]") {
  std::istringstream input(Lines({
      kOpenAi,
      R"({"type": "entity", "id": "x",})",
      R"({"type": "event", "id": "e", "title": "T", "kind": "meeting", "when": "2025-02-30", )"
      R"("status": "occurred"})",
      "",
      kSeoul,
      R"({"type": "source", "id": "Yonhap", "title": "T", "publisher": "P", )"
      R"("published": "2025-02-04"})",
      kYonhap,
  }));
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  ReadJsonLines(input, "news.jsonl", &records, &errors);
  CHECK(ErrorTexts(errors) ==
        std::vector<std::string>{
            "news.jsonl:2: invalid JSON at column 30: syntax error while parsing object key - "
            "unexpected '}'; expected string literal",
            "news.jsonl:3: when: 2025-02-30 is not a valid date",
            "news.jsonl:6: id: 'Yonhap' is not a valid id (lowercase letters, digits, '.', '_', "
            "'-'; at most 128 characters, starting with a letter or digit)",
        });
  for (const Status& error : errors) CHECK(error.code() == StatusCode::kInvalidArgument);
  REQUIRE(errors.size() == 3);
  CHECK(errors[1].location().file == "news.jsonl");
  CHECK(errors[1].location().line == 3);
  CHECK(errors[1].location().field == "when");
  REQUIRE(records.size() == 3);
  CHECK(records[0].line == 1);
  CHECK(records[1].line == 5);
  CHECK(records[2].line == 7);
}

TEST_CASE("JSON Lines: reading stops after kMaxImportErrors errors", "[core][import]") {
  std::string text;
  for (size_t line_idx = 0; line_idx < kMaxImportErrors + 10; ++line_idx) text += "{\n";
  text += std::string(kOpenAi) + "\n";
  std::istringstream input(text);
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  ReadJsonLines(input, "in.jsonl", &records, &errors);
  REQUIRE(errors.size() == kMaxImportErrors);
  CHECK(errors.back().location().line == static_cast<int64_t>(kMaxImportErrors));
  CHECK(records.empty());
}

TEST_CASE("JSON Lines: a stream that cannot be read is an I/O error", "[core][import]") {
  std::istream broken(nullptr);
  std::vector<InputRecord> records;
  std::vector<Status> errors;
  ReadJsonLines(broken, "in.jsonl", &records, &errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code() == StatusCode::kIoError);
  CHECK(errors[0].ToString() == "in.jsonl: read failed");
}

TEST_CASE("an entity reference resolves by id, name or alias", "[core][import]") {
  FakeDirectory directory;
  const std::vector<std::string> entities = {kSon, kAltman, kOpenAi};
  auto resolve = [&](std::string_view reference) {
    std::vector<std::string> lines = entities;
    lines.push_back(EventWith("2025-02-04-meeting", reference));
    return ResolvedParticipant(Plan(lines, directory), "2025-02-04-meeting");
  };
  SECTION("by id") { CHECK(resolve("sam-altman") == "sam-altman"); }
  SECTION("by English name") { CHECK(resolve("Son Masayoshi") == "son-masayoshi"); }
  SECTION("by Korean alias") {
    CHECK(resolve("손정의") == "son-masayoshi");
    CHECK(resolve("샘 올트먼") == "sam-altman");
  }
  SECTION("ignoring case, width and extra white space") {
    CHECK(resolve("SAM ALTMAN") == "sam-altman");
    CHECK(resolve("ＳＡＭ　ＡＬＴＭＡＮ") == "sam-altman");
    CHECK(resolve("  masayoshi   SON ") == "son-masayoshi");
    CHECK(resolve("ｏｐｅｎａｉ") == "openai");
  }
}

TEST_CASE("references may point forward within the input", "[core][import]") {
  FakeDirectory directory;
  const ImportPlan plan = Plan(
      {EventWith("2025-02-04-meeting", "손정의"),
       RelationWith("son-partner-of-altman", "Masayoshi Son", "SAM ALTMAN"), kSon, kAltman},
      directory);
  CHECK(ResolvedParticipant(plan, "2025-02-04-meeting") == "son-masayoshi");
  REQUIRE(plan.records.size() == 4);
  const Relation& relation = std::get<Relation>(plan.records[1]);
  CHECK(relation.from == "son-masayoshi");
  CHECK(relation.to == "sam-altman");
}

TEST_CASE("references may point at entities that are only in the store", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kSon);
  directory.Store(kAltman);
  const ImportPlan plan = Plan({EventWith("2025-02-04-a", "손정의"),
                                EventWith("2025-02-04-b", "sam-altman"),
                                RelationWith("r", "Son Masayoshi", "샘 올트먼")},
                               directory);
  CHECK(ResolvedParticipant(plan, "2025-02-04-a") == "son-masayoshi");
  CHECK(ResolvedParticipant(plan, "2025-02-04-b") == "sam-altman");
  const Relation& relation = std::get<Relation>(plan.records[2]);
  CHECK(relation.from == "son-masayoshi");
  CHECK(relation.to == "sam-altman");
  CHECK(plan.unchanged == 0);
}

TEST_CASE("an id wins over a name", "[core][import]") {
  // "openai-fans" has the alias "openai", which is also the id of OpenAI.
  const std::string fans =
      R"({"type": "entity", "id": "openai-fans", "name": "OpenAI Fans", "kind": "other", )"
      R"("aliases": ["openai"]})";
  SECTION("both in the input") {
    FakeDirectory directory;
    CHECK(ResolvedParticipant(Plan({kOpenAi, fans, EventWith("e", "openai")}, directory), "e") ==
          "openai");
  }
  SECTION("the id in the store, the alias in the input") {
    FakeDirectory directory;
    directory.Store(kOpenAi);
    CHECK(ResolvedParticipant(Plan({fans, EventWith("e", "openai")}, directory), "e") ==
          "openai");
  }
  SECTION("written as a name, the same text is ambiguous") {
    FakeDirectory directory;
    const ImportPlan plan = Plan({kOpenAi, fans, EventWith("e", "OpenAI")}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:3: participants[0].entity: 'OpenAI' names 2 "
                                   "entities: openai, openai-fans (use an id)"});
  }
}

TEST_CASE("a name shared by several entities is ambiguous", "[core][import]") {
  const std::string electronics =
      R"({"type": "entity", "id": "samsung-electronics", "name": "Samsung Electronics", )"
      R"("kind": "organization", "aliases": ["삼성"]})";
  const std::string group =
      R"({"type": "entity", "id": "samsung-group", "name": "Samsung Group", )"
      R"("kind": "organization", "aliases": ["삼성"]})";
  FakeDirectory directory;
  SECTION("both in the input") {
    const ImportPlan plan = Plan({electronics, group, EventWith("e", "삼성")}, directory);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kAmbiguous);
    CHECK(plan.errors[0].ToString() ==
          "in.jsonl:3: participants[0].entity: '삼성' names 2 entities: samsung-electronics, "
          "samsung-group (use an id)");
  }
  SECTION("three in the input, one of them naming itself twice") {
    // Samsung Biologics has "삼성" as a name and again as an alias: still one entity.
    const std::string biologics =
        R"({"type": "entity", "id": "samsung-biologics", "name": "삼성", )"
        R"("kind": "organization", "aliases": ["삼성", "Samsung Biologics"]})";
    const ImportPlan plan =
        Plan({biologics, electronics, group, EventWith("e", "삼성"), EventWith("f", "SAMSUNG GROUP"),
              EventWith("g", "samsung biologics")},
             directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:4: participants[0].entity: '삼성' names 3 entities: "
                                   "samsung-biologics, samsung-electronics, samsung-group (use an "
                                   "id)"});
  }
  SECTION("one in the store, one in the input") {
    directory.Store(group);
    const ImportPlan plan = Plan({electronics, RelationWith("r", "sam-altman", "삼성"), kAltman},
                                 directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:2: to: '삼성' names 2 entities: samsung-electronics, "
                                   "samsung-group (use an id)"});
  }
}

TEST_CASE("an unknown name is an error with a suggestion", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kSon);
  SECTION("a near miss suggests the name") {
    const ImportPlan plan = Plan({kAltman, kOpenAi, EventWith("e", "Sam Altmann")}, directory);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kNotFound);
    CHECK(plan.errors[0].ToString() ==
          "in.jsonl:3: participants[0].entity: no entity named 'Sam Altmann' (did you mean: Sam "
          "Altman?)");
    CHECK(plan.records.size() == 2);
  }
  SECTION("names in the store are suggested too") {
    const ImportPlan plan = Plan({EventWith("e", "Masayoshi Sun")}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:1: participants[0].entity: no entity named "
                                   "'Masayoshi Sun' (did you mean: Masayoshi Son?)"});
  }
  SECTION("an entity both stored and in the input is suggested once") {
    directory.Store(kAltman);
    const ImportPlan plan = Plan({kAltman, EventWith("e", "Sam Altmann")}, directory);
    CHECK(plan.unchanged == 1);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:2: participants[0].entity: no entity named "
                                   "'Sam Altmann' (did you mean: Sam Altman?)"});
  }
  SECTION("nothing close: no suggestion") {
    const ImportPlan plan = Plan({kOpenAi, EventWith("e", "Lee Jae-yong")}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{
              "in.jsonl:2: participants[0].entity: no entity named 'Lee Jae-yong'"});
  }
  SECTION("a blank reference cannot name anything") {
    const ImportPlan plan = Plan({EventWith("e", "   ")}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:1: participants[0].entity: empty name"});
  }
  SECTION("the id of a record that is not an entity") {
    const ImportPlan plan = Plan({kYonhap, RelationWith("r", "yonhap-2025-02-04", "손정의")},
                                 directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{
              "in.jsonl:2: from: no entity named 'yonhap-2025-02-04'"});
  }
}

TEST_CASE("a source reference is the id of a source", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kOpenAi);
  // An event citing kYonhap and then `source_id`.
  auto citing = [](const std::string& event_id, const std::string& source_id) {
    return R"({"type": "event", "id": ")" + event_id +
           R"(", "title": "T", "kind": "meeting", "when": "2025-02-04", "status": "occurred", )"
           R"("sources": [{"source": "yonhap-2025-02-04"}, {"source": ")" +
           source_id + R"("}]})";
  };
  SECTION("in the input or in the store") {
    directory.Store(kYonhap);
    const std::string other_source =
        R"({"type": "source", "id": "chosunbiz", "title": "T", "publisher": "P", )"
        R"("published": "2025-02-04"})";
    const ImportPlan plan = Plan({citing("e", "chosunbiz"), other_source}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.records.size() == 2);
  }
  SECTION("a missing id") {
    const ImportPlan plan = Plan({kYonhap, citing("e", "yonhap-2025-02-05")}, directory);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kNotFound);
    CHECK(plan.errors[0].ToString() ==
          "in.jsonl:2: sources[1].source: no source with id 'yonhap-2025-02-05'");
  }
  SECTION("the id of an entity, an event or a relation") {
    const ImportPlan plan = Plan(
        {kYonhap, citing("e1", "openai"), citing("e2", "e1"),
         RelationWith("r", "openai", "openai"), citing("e3", "r")},
        directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{
              "in.jsonl:2: sources[1].source: 'openai' is an entity, not a source",
              "in.jsonl:3: sources[1].source: 'e1' is an event, not a source",
              "in.jsonl:5: sources[1].source: 'r' is a relation, not a source",
          });
    for (const Status& error : plan.errors) CHECK(error.code() == StatusCode::kInvalidArgument);
    REQUIRE(plan.records.size() == 2);
    CHECK(RecordId(plan.records[1]) == "r");
  }
  SECTION("the id of a stored record that is not a source") {
    directory.Store(EventWith("2025-02-04-meeting", "openai"));
    const std::string relation_citing =
        R"({"type": "relation", "id": "r", "kind": "partner_of", "from": "openai", )"
        R"("to": "openai", "sources": [{"source": "2025-02-04-meeting"}]})";
    const ImportPlan plan = Plan({relation_citing}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{
              "in.jsonl:1: sources[0].source: '2025-02-04-meeting' is an event, not a source"});
  }
}

TEST_CASE("a repeated id is unchanged when identical and a version when different",
          "[core][import]") {
  FakeDirectory directory;
  SECTION("identical content, even written differently, counts as unchanged") {
    const ImportPlan plan = Plan(
        {kOpenAi, kAltman,
         R"({"kind": "organization", "name": "OpenAI", "id": "openai", "type": "entity"})"},
        directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 1);
    REQUIRE(plan.records.size() == 2);
    CHECK(RecordId(plan.records[0]) == "openai");
    CHECK(RecordId(plan.records[1]) == "sam-altman");
    // The first occurrence of a repeated id is versioned (storage merges it with the others,
    // and finds it alone); an id that occurs once is not.
    REQUIRE(plan.planned.size() == 2);
    CHECK(plan.planned[0].versioned);
    CHECK_FALSE(plan.planned[1].versioned);
  }
  SECTION("different content: both occurrences are planned, as versions") {
    const std::string renamed =
        R"({"type": "entity", "id": "openai", "name": "Open AI", "kind": "organization"})";
    const ImportPlan plan = Plan({kOpenAi, kAltman, renamed}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 0);
    REQUIRE(plan.records.size() == 3);
    CHECK(plan.records[0] == ParseRecordLine(kOpenAi).value());
    CHECK(plan.records[2] == ParseRecordLine(renamed).value());
    REQUIRE(plan.planned.size() == 3);
    CHECK(plan.planned[0].versioned);
    CHECK_FALSE(plan.planned[1].versioned);
    CHECK(plan.planned[2].versioned);
    // Entities have no sources: every version is recorded at the import time.
    for (const PlannedRecord& planned : plan.planned) CHECK(planned.recorded_at == kImportTime);
  }
  SECTION("a third occurrence like the first or the second is unchanged") {
    const std::string renamed =
        R"({"type": "entity", "id": "openai", "name": "Open AI", "kind": "organization"})";
    const ImportPlan plan = Plan({kOpenAi, renamed, kOpenAi, renamed}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 2);
    CHECK(plan.records.size() == 2);
  }
  SECTION("an event repeated with a later status and source: two versions, each with its time") {
    const std::string chosun =
        R"({"type": "source", "id": "chosunbiz-2025-02-05", "title": "T", "publisher": "P", )"
        R"("published": "2025-02-05"})";
    const std::string planned_visit =
        R"({"type": "event", "id": "india-visit", "title": "Visit", "kind": "visit", )"
        R"("when": "2025-02", "status": "planned", "participants": [{"entity": "샘 올트먼"}], )"
        R"("sources": [{"source": "yonhap-2025-02-04"}]})";
    const std::string occurred_visit =
        R"({"type": "event", "id": "india-visit", "title": "Visit", "kind": "visit", )"
        R"("when": "2025-02-05", "status": "occurred", "participants": [{"entity": "sam-altman"}], )"
        R"("sources": [{"source": "chosunbiz-2025-02-05"}, {"source": "yonhap-2025-02-04"}]})";
    const ImportPlan plan =
        Plan({occurred_visit, kAltman, planned_visit, kYonhap, chosun}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    REQUIRE(plan.records.size() == 5);
    REQUIRE(plan.planned.size() == 5);
    CHECK(RecordId(plan.records[0]) == "india-visit");
    CHECK(plan.planned[0].versioned);
    CHECK(plan.planned[0].recorded_at == kFebruary5);  // its first source, later in the input
    CHECK(RecordId(plan.records[2]) == "india-visit");
    CHECK(plan.planned[2].versioned);
    CHECK(plan.planned[2].recorded_at == kFebruary4);
    CHECK(std::get<Event>(plan.records[2]).participants ==
          std::vector<Participant>{{"sam-altman", ""}});
    // A source is recorded when it was published.
    CHECK_FALSE(plan.planned[3].versioned);
    CHECK(plan.planned[3].recorded_at == kFebruary4);
    CHECK(plan.planned[4].recorded_at == kFebruary5);
    CHECK(plan.planned[1].recorded_at == kImportTime);
  }
  SECTION("a source repeated with different content is an error") {
    const std::string retitled =
        R"({"type": "source", "id": "yonhap-2025-02-04", "title": "Other", "publisher": "Yonhap", )"
        R"("published": "2025-02-04"})";
    const ImportPlan plan = Plan({kYonhap, kOpenAi, retitled, kYonhap}, directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{"in.jsonl:3: id: duplicate source id 'yonhap-2025-02-04' "
                                   "with different content (first at in.jsonl:1); a source "
                                   "cannot change"});
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kInvalidArgument);
    CHECK(plan.errors[0].location().field == "id");
    CHECK(plan.unchanged == 1);  // the identical fourth line
  }
  SECTION("ids share one namespace across record types") {
    const ImportPlan plan = Plan(
        {kOpenAi, R"({"type": "source", "id": "openai", "title": "T", "publisher": "P", )"
                  R"("published": "2025-02-04"})"},
        directory);
    CHECK(ErrorTexts(plan.errors) ==
          std::vector<std::string>{
              "in.jsonl:2: id: id 'openai' is already used by an entity (at in.jsonl:1)"});
    const ImportPlan event_first =
        Plan({kYonhap, EventWith("e", "openai"), kOpenAi,
              R"({"type": "relation", "id": "e", "kind": "k", "from": "openai", "to": "openai"})"},
             directory);
    CHECK(ErrorTexts(event_first.errors) ==
          std::vector<std::string>{
              "in.jsonl:4: id: id 'e' is already used by an event (at in.jsonl:2)"});
    const ImportPlan source_first =
        Plan({kYonhap, R"({"type": "entity", "id": "yonhap-2025-02-04", "name": "Y", )"
                       R"("kind": "organization"})"},
             directory);
    CHECK(ErrorTexts(source_first.errors) ==
          std::vector<std::string>{"in.jsonl:2: id: id 'yonhap-2025-02-04' is already used by "
                                   "a source (at in.jsonl:1)"});
  }
}

TEST_CASE("a record already stored is unchanged when identical and a version when different",
          "[core][import]") {
  FakeDirectory directory;
  directory.Store(kOpenAi);
  directory.Store(kAltman);
  directory.Store(kYonhap);
  directory.Store(EventWith("2025-02-04-meeting", "sam-altman"));
  SECTION("identical") {
    const ImportPlan plan = Plan({kOpenAi, kSon}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 1);
    REQUIRE(plan.records.size() == 1);
    CHECK(RecordId(plan.records[0]) == "son-masayoshi");
    REQUIRE(plan.planned.size() == 1);
    CHECK_FALSE(plan.planned[0].versioned);
    CHECK(plan.planned[0].recorded_at == kImportTime);
  }
  SECTION("identical once its references are resolved") {
    const ImportPlan plan = Plan({EventWith("2025-02-04-meeting", "SAM ALTMAN")}, directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 1);
    CHECK(plan.records.empty());
    CHECK(plan.planned.empty());
  }
  SECTION("different content is a new version of the stored record") {
    const ImportPlan plan = Plan(
        {R"({"type": "entity", "id": "openai", "name": "OpenAI", "kind": "organization", )"
         R"("description": "Maker of ChatGPT."})",
         EventWith("2025-02-04-meeting", "openai")},
        directory);
    CHECK(ErrorTexts(plan.errors).empty());
    CHECK(plan.unchanged == 0);
    REQUIRE(plan.records.size() == 2);
    CHECK(std::get<Entity>(plan.records[0]).description == "Maker of ChatGPT.");
    CHECK(std::get<Event>(plan.records[1]).participants ==
          std::vector<Participant>{{"openai", "guest"}});
    REQUIRE(plan.planned.size() == 2);
    CHECK(plan.planned[0].versioned);
    CHECK(plan.planned[1].versioned);
    // Neither cites a source: both are recorded at the import time.
    CHECK(plan.planned[0].recorded_at == kImportTime);
    CHECK(plan.planned[1].recorded_at == kImportTime);
  }
  SECTION("a new version's record time comes from its first source in the store") {
    const ImportPlan plan = Plan(
        {R"({"type": "event", "id": "2025-02-04-meeting", "title": "Meeting", "kind": "meeting", )"
         R"("when": "2025-02-04", "status": "occurred", "participants": [{"entity": )"
         R"("sam-altman", "role": "guest"}], "sources": [{"source": "yonhap-2025-02-04"}]})"},
        directory, /*import_time=*/42);
    CHECK(ErrorTexts(plan.errors).empty());
    REQUIRE(plan.planned.size() == 1);
    CHECK(plan.planned[0].versioned);
    CHECK(plan.planned[0].recorded_at == kFebruary4);
  }
  SECTION("a source published with a time and offset dates what cites it to that instant") {
    const std::string evening_source =
        R"({"type": "source", "id": "evening-edition", "title": "T", "publisher": "P", )"
        R"("published": "2025-02-05T10:30:00+05:30"})";
    const ImportPlan plan = Plan(
        {R"({"type": "event", "id": "2025-02-04-meeting", "title": "Meeting", "kind": "meeting", )"
         R"("when": "2025-02-04", "status": "occurred", "participants": [{"entity": )"
         R"("sam-altman", "role": "guest"}], "sources": [{"source": "evening-edition"}, )"
         R"({"source": "yonhap-2025-02-04"}]})",
         evening_source},
        directory);
    CHECK(ErrorTexts(plan.errors).empty());
    REQUIRE(plan.planned.size() == 2);
    CHECK(plan.planned[0].versioned);
    CHECK(plan.planned[0].recorded_at == kFebruary5 + 5 * 3600);  // 10:30 at +05:30 = 05:00Z
    CHECK_FALSE(plan.planned[1].versioned);
    CHECK(plan.planned[1].recorded_at == kFebruary5 + 5 * 3600);
  }
  SECTION("a different source is an error: a source cannot change") {
    const ImportPlan plan = Plan(
        {R"({"type": "source", "id": "yonhap-2025-02-04", "title": "Other", "publisher": )"
         R"("Yonhap", "published": "2025-02-05"})"},
        directory);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kInvalidArgument);
    CHECK(plan.errors[0].ToString() ==
          "in.jsonl:1: id: a different source with id 'yonhap-2025-02-04' is already stored; a "
          "source cannot change (its published date dates what cites it)");
    CHECK(plan.records.empty());
  }
  SECTION("the same id with a different type") {
    const ImportPlan plan = Plan(
        {R"({"type": "source", "id": "openai", "title": "T", "publisher": "P", )"
         R"("published": "2025-02-04"})"},
        directory);
    REQUIRE(plan.errors.size() == 1);
    CHECK(plan.errors[0].code() == StatusCode::kInvalidArgument);
    CHECK(plan.errors[0].ToString() ==
          "in.jsonl:1: id: id 'openai' is already used by a stored entity");
  }
}

TEST_CASE("a record's time is its first source's publication, else the import time",
          "[core][import]") {
  FakeDirectory directory;
  directory.Store(kYonhap);
  directory.Store(kAltman);
  const std::string chosun =
      R"({"type": "source", "id": "chosunbiz-2025-02-05", "title": "T", "publisher": "P", )"
      R"("published": "2025-02-05"})";
  auto event_citing = [](const std::string& id, const std::vector<std::string>& sources) {
    std::string line = R"({"type": "event", "id": ")" + id +
                       R"(", "title": "T", "kind": "meeting", "when": "2025-02-04", )"
                       R"("status": "occurred", "participants": [{"entity": "sam-altman"}])";
    if (!sources.empty()) {
      line += R"(, "sources": [)";
      for (size_t source_idx = 0; source_idx < sources.size(); ++source_idx) {
        if (source_idx > 0) line += ", ";
        line += R"({"source": ")" + sources[source_idx] + R"("})";
      }
      line += "]";
    }
    return line + "}";
  };
  const ImportPlan plan =
      Plan({event_citing("from-input", {"chosunbiz-2025-02-05", "yonhap-2025-02-04"}),
            event_citing("from-store", {"yonhap-2025-02-04", "chosunbiz-2025-02-05"}),
            event_citing("unsourced", {}), RelationWith("r-unsourced", "sam-altman", "Sam Altman"),
            R"({"type": "relation", "id": "r-sourced", "kind": "k", "from": "sam-altman", )"
            R"("to": "sam-altman", "sources": [{"source": "chosunbiz-2025-02-05"}]})",
            chosun, kOpenAi},
           directory, /*import_time=*/-86'400);  // 1969-12-31: record times may precede 1970
  CHECK(ErrorTexts(plan.errors).empty());
  REQUIRE(plan.records.size() == 7);
  REQUIRE(plan.planned.size() == 7);
  const std::vector<int64_t> expected = {kFebruary5, kFebruary4, -86'400, -86'400,
                                         kFebruary5, kFebruary5, -86'400};
  for (size_t record_idx = 0; record_idx < plan.records.size(); ++record_idx) {
    INFO(RecordId(plan.records[record_idx]));
    CHECK(plan.planned[record_idx].recorded_at == expected[record_idx]);
    CHECK_FALSE(plan.planned[record_idx].versioned);
  }
}

TEST_CASE("planning collects every error, in input order", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kYonhap);
  const ImportPlan plan = Plan(
      {
          EventWith("e1", "Nobody"),
          kAltman,
          RelationWith("r1", "sam-altman", "Nobody Else"),
          R"({"type": "event", "id": "e2", "title": "T", "kind": "meeting", "when": "2025", )"
          R"("status": "occurred", "place": "Atlantis", "participants": [{"entity": "x"}]})",
          RelationWith("r2", "Sam Altman", "sam-altman"),
          R"({"type": "source", "id": "yonhap-2025-02-04", "title": "Other", "publisher": "P", )"
          R"("published": "2025-02-04"})",
      },
      directory);
  CHECK(ErrorTexts(plan.errors) ==
        std::vector<std::string>{
            "in.jsonl:1: participants[0].entity: no entity named 'Nobody'",
            "in.jsonl:3: to: no entity named 'Nobody Else'",
            "in.jsonl:4: place: no entity named 'Atlantis'",
            "in.jsonl:6: id: a different source with id 'yonhap-2025-02-04' is already stored; "
            "a source cannot change (its published date dates what cites it)",
        });
  REQUIRE(plan.records.size() == 2);
  CHECK(RecordId(plan.records[0]) == "sam-altman");
  CHECK(RecordId(plan.records[1]) == "r2");
}

TEST_CASE("planning stops collecting at kMaxImportErrors", "[core][import]") {
  FakeDirectory directory;
  std::vector<std::string> lines;
  for (size_t event_idx = 0; event_idx < kMaxImportErrors + 5; ++event_idx) {
    std::string event_id = "e";
    event_id += std::to_string(event_idx);
    lines.push_back(EventWith(event_id, "Nobody"));
  }
  const ImportPlan plan = Plan(lines, directory);
  REQUIRE(plan.errors.size() == kMaxImportErrors);
  CHECK(plan.errors.back().location().line == static_cast<int64_t>(kMaxImportErrors));
}

TEST_CASE("the plan's records hold ids in place of references", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kSeoul);
  directory.Store(kYonhap);
  const ImportPlan plan = Plan(
      {
          R"({"type": "event", "id": "2025-02-04-seoul-meeting", "title": "Meeting", )"
          R"("kind": "meeting", "when": "2025-02-04", "status": "occurred", "place": "서울", )"
          R"("participants": [{"entity": "손정의", "role": "host"}, {"entity": "Sam Altman"}, )"
          R"({"entity": "openai"}], "sources": [{"source": "yonhap-2025-02-04", "quote": "q"}]})",
          RelationWith("r", "SON MASAYOSHI", "샘 올트먼"),
          kSon,
          kAltman,
          kOpenAi,
      },
      directory);
  CHECK(ErrorTexts(plan.errors).empty());
  CHECK(plan.unchanged == 0);
  REQUIRE(plan.records.size() == 5);
  const Event& event = std::get<Event>(plan.records[0]);
  CHECK(event.place == "seoul");
  CHECK(event.participants == std::vector<Participant>{{"son-masayoshi", "host"},
                                                       {"sam-altman", ""},
                                                       {"openai", ""}});
  CHECK(event.sources == std::vector<SourceRef>{{"yonhap-2025-02-04", "q"}});
  const Relation& relation = std::get<Relation>(plan.records[1]);
  CHECK(relation.from == "son-masayoshi");
  CHECK(relation.to == "sam-altman");
  CHECK(std::get<Entity>(plan.records[2]).aliases ==
        std::vector<std::string>{"손정의", "Masayoshi Son"});
}

TEST_CASE("a failing directory fails the plan with its status", "[core][import]") {
  FakeDirectory directory;
  directory.FailWith(Status::IoError("disk on fire"));
  SECTION("looking up an id") {
    Result<ImportPlan> plan = PlanImport(Inputs(Lines({kOpenAi})), directory);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.status().code() == StatusCode::kIoError);
    CHECK(plan.status().ToString() == "disk on fire");
  }
  SECTION("resolving a reference") {
    Result<ImportPlan> plan =
        PlanImport(Inputs(Lines({EventWith("e", "Sam Altman")})), directory);
    REQUIRE_FALSE(plan.ok());
    CHECK(plan.status().ToString() == "disk on fire");
  }
}

TEST_CASE("ResolveEntityReference resolves against the store alone", "[core][import]") {
  FakeDirectory directory;
  directory.Store(kSon);
  directory.Store(kAltman);
  directory.Store(kYonhap);
  directory.Store(
      R"({"type": "entity", "id": "samsung-electronics", "name": "Samsung Electronics", )"
      R"("kind": "organization", "aliases": ["삼성"]})");
  directory.Store(
      R"({"type": "entity", "id": "samsung-group", "name": "Samsung Group", )"
      R"("kind": "organization", "aliases": ["삼성"]})");
  auto resolved = [&](std::string_view reference) {
    Result<std::string> id = ResolveEntityReference(reference, directory);
    INFO("reference: " << reference);
    INFO("error: " << (id.ok() ? "none" : id.status().ToString()));
    REQUIRE(id.ok());
    return *id;
  };
  auto rejection = [&](std::string_view reference, StatusCode code) {
    Result<std::string> id = ResolveEntityReference(reference, directory);
    INFO("reference: " << reference);
    REQUIRE_FALSE(id.ok());
    CHECK(id.status().code() == code);
    CHECK(id.status().location().field.empty());
    return id.status().ToString();
  };
  SECTION("ids, names and aliases") {
    CHECK(resolved("sam-altman") == "sam-altman");
    CHECK(resolved("Son Masayoshi") == "son-masayoshi");
    CHECK(resolved("손정의") == "son-masayoshi");
    CHECK(resolved("ＳＡＭ ａｌｔｍａｎ") == "sam-altman");
    CHECK(resolved("samsung electronics") == "samsung-electronics");
  }
  SECTION("an ambiguous name") {
    CHECK(rejection("삼성", StatusCode::kAmbiguous) ==
          "'삼성' names 2 entities: samsung-electronics, samsung-group (use an id)");
  }
  SECTION("an unknown name") {
    CHECK(rejection("Samsung Grup", StatusCode::kNotFound) ==
          "no entity named 'Samsung Grup' (did you mean: Samsung Group?)");
    CHECK(rejection("yonhap-2025-02-04", StatusCode::kNotFound) ==
          "no entity named 'yonhap-2025-02-04'");
  }
  SECTION("a reference that is not a name") {
    CHECK(rejection(" \t", StatusCode::kInvalidArgument) == "empty name");
    CHECK(rejection(std::string("a\0b", 3), StatusCode::kInvalidArgument) ==
          "contains a NUL character");
  }
  SECTION("a failing store") {
    directory.FailWith(Status::IoError("disk on fire"));
    CHECK(rejection("sam-altman", StatusCode::kIoError) == "disk on fire");
  }
}

}  // namespace
}  // namespace chronicle
