#include "core/record_json.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <string>
#include <string_view>

#include "core/edtf.h"
#include "core/text.h"
#include "core/zoned_time.h"

namespace chronicle {
namespace {

using Json = nlohmann::json;

Record MustParseLine(std::string_view line) {
  Result<Record> record = ParseRecordLine(line);
  INFO("line: " << line);
  INFO("error: " << (record.ok() ? "none" : record.status().ToString()));
  REQUIRE(record.ok());
  return *record;
}

// The error ParseRecordLine gives for `line`, which must be rejected as invalid input. The
// returned text is "field: message" (ParseRecordLine knows no file or line).
std::string RejectionOf(std::string_view line) {
  Result<Record> record = ParseRecordLine(line);
  INFO("line: " << line);
  INFO("parsed as: " << (record.ok() ? CanonicalRecordText(*record) : "nothing"));
  REQUIRE_FALSE(record.ok());
  CHECK(record.status().code() == StatusCode::kInvalidArgument);
  CHECK(record.status().location().file.empty());
  CHECK(record.status().location().line == 0);
  return record.status().ToString();
}

std::string RejectionOfJson(const Json& value) {
  Result<Record> record = ParseRecordJson(value);
  INFO("value: " << value.dump(-1, ' ', false, Json::error_handler_t::replace));
  REQUIRE_FALSE(record.ok());
  CHECK(record.status().code() == StatusCode::kInvalidArgument);
  return record.status().ToString();
}

// The record goes to JSON and back, through the JSON value and through its canonical text.
void CheckRoundTrip(const Record& record) {
  const std::string canonical = CanonicalRecordText(record);
  INFO("canonical: " << canonical);
  Result<Record> from_json = ParseRecordJson(Json(RecordToJson(record)));
  INFO("error: " << (from_json.ok() ? "none" : from_json.status().ToString()));
  REQUIRE(from_json.ok());
  CHECK(*from_json == record);
  Result<Record> from_text = ParseRecordLine(canonical);
  REQUIRE(from_text.ok());
  CHECK(*from_text == record);
  CHECK(CanonicalRecordText(*from_text) == canonical);
}

Edtf MustParseEdtf(std::string_view text) {
  Result<Edtf> edtf = ParseEdtf(text);
  REQUIRE(edtf.ok());
  return *edtf;
}

// A valid line of each type, for rejection tests that change one field.
Json ValidEntity() {
  return Json::parse(R"({"type": "entity", "id": "sam-altman", "name": "Sam Altman",
                         "kind": "person"})");
}
Json ValidEvent() {
  return Json::parse(R"({"type": "event", "id": "2025-02-04-meeting", "title": "Meeting",
                         "kind": "meeting", "when": "2025-02-04", "status": "occurred"})");
}
Json ValidRelation() {
  return Json::parse(R"({"type": "relation", "id": "softbank-invests-in-stargate",
                         "kind": "invests_in", "from": "softbank-group", "to": "stargate"})");
}
Json ValidSource() {
  return Json::parse(R"({"type": "source", "id": "yonhap-2025-02-04", "title": "Stargate",
                         "publisher": "Yonhap", "published": "2025-02-04"})");
}

// `base` with `field` set to `value` (or removed when `value` is discarded), as one line.
std::string With(Json base, const std::string& field, Json value) {
  if (value.is_discarded()) {
    base.erase(field);
  } else {
    base[field] = std::move(value);
  }
  return base.dump();
}
std::string Without(Json base, const std::string& field) {
  return With(std::move(base), field, Json(Json::value_t::discarded));
}
// ValidEvent() with `fields` set, as one line.
std::string EventWith(const Json& fields) {
  Json event = ValidEvent();
  event.update(fields);
  return event.dump();
}

TEST_CASE("an entity parses with every field and round-trips", "[core][record_json]") {
  const Record record = MustParseLine(
      R"({"type": "entity", "id": "son-masayoshi", "name": "Son Masayoshi", "kind": "person", )"
      R"("aliases": ["손정의", "Masayoshi Son"], "description": "Chairman of SoftBank Group.", )"
      R"("attributes": {"title_ko": "소프트뱅크그룹 회장", "born": 1957}})");
  const Entity* entity = std::get_if<Entity>(&record);
  REQUIRE(entity != nullptr);
  CHECK(entity->id == "son-masayoshi");
  CHECK(entity->name == "Son Masayoshi");
  CHECK(entity->kind == EntityKind::kPerson);
  CHECK(entity->aliases == std::vector<std::string>{"손정의", "Masayoshi Son"});
  CHECK(entity->description == "Chairman of SoftBank Group.");
  CHECK(entity->attributes == Json{{"title_ko", "소프트뱅크그룹 회장"}, {"born", 1957}});
  CHECK(CanonicalRecordText(record) ==
        R"({"type":"entity","id":"son-masayoshi","name":"Son Masayoshi","kind":"person",)"
        R"("aliases":["손정의","Masayoshi Son"],"description":"Chairman of SoftBank Group.",)"
        R"("attributes":{"born":1957,"title_ko":"소프트뱅크그룹 회장"}})");
  CheckRoundTrip(record);

  SECTION("every entity kind") {
    for (const std::string& kind : EntityKindNames()) {
      const Record typed = MustParseLine(With(ValidEntity(), "kind", kind));
      CHECK(EntityKindName(std::get<Entity>(typed).kind) == kind);
      CheckRoundTrip(typed);
    }
  }
  SECTION("optional fields left out") {
    const Record minimal = MustParseLine(ValidEntity().dump());
    const Entity& bare = std::get<Entity>(minimal);
    CHECK(bare.aliases.empty());
    CHECK(bare.description.empty());
    CHECK(bare.attributes == Json::object());
    CHECK(CanonicalRecordText(minimal) ==
          R"({"type":"entity","id":"sam-altman","name":"Sam Altman","kind":"person"})");
    CheckRoundTrip(minimal);
  }
}

TEST_CASE("an event parses with every field and round-trips", "[core][record_json]") {
  const Record record = MustParseLine(
      R"({"type": "event", "id": "2025-02-04-seoul-meeting", "title": "Son and Altman meet Lee", )"
      R"("kind": "press-conference", "when": "2025-02-04", "tz": "Asia/Seoul", )"
      R"("status": "reported", "place": "Seoul", "summary": "A meeting in Seoul.", )"
      R"("participants": [{"entity": "son-masayoshi", "role": "host"}, {"entity": "이재용"}], )"
      R"("sources": [{"source": "yonhap-2025-02-04", "quote": "회동"}, {"source": "chosunbiz"}], )"
      R"("attributes": {"room": "B1", "seats": 3}})");
  const Event* event = std::get_if<Event>(&record);
  REQUIRE(event != nullptr);
  CHECK(event->id == "2025-02-04-seoul-meeting");
  CHECK(event->title == "Son and Altman meet Lee");
  CHECK(event->kind == "press-conference");
  CHECK(event->when == MustParseEdtf("2025-02-04"));
  CHECK(event->when.earliest_day == DayNumber(2025, 2, 4));
  CHECK(event->tz == "Asia/Seoul");
  CHECK(event->status == EventStatus::kReported);
  CHECK(event->place == "Seoul");
  CHECK(event->summary == "A meeting in Seoul.");
  CHECK(event->participants ==
        std::vector<Participant>{{"son-masayoshi", "host"}, {"이재용", ""}});
  CHECK(event->sources ==
        std::vector<SourceRef>{{"yonhap-2025-02-04", "회동"}, {"chosunbiz", ""}});
  CHECK(event->attributes == Json{{"room", "B1"}, {"seats", 3}});
  CHECK(CanonicalRecordText(record) ==
        R"({"type":"event","id":"2025-02-04-seoul-meeting","title":"Son and Altman meet Lee",)"
        R"("kind":"press-conference","when":"2025-02-04","tz":"Asia/Seoul","status":"reported",)"
        R"("place":"Seoul","summary":"A meeting in Seoul.","participants":[{"entity":)"
        R"("son-masayoshi","role":"host"},{"entity":"이재용"}],"sources":[{"source":)"
        R"("yonhap-2025-02-04","quote":"회동"},{"source":"chosunbiz"}],"attributes":)"
        R"({"room":"B1","seats":3}})");
  CheckRoundTrip(record);

  SECTION("the date is kept in canonical EDTF form") {
    for (const char* when : {"2025-02~", "2025-02-10/2025-02-14", "2025-01-21/..", "201X",
                             "2025-02-04T14:30:00+09:00"}) {
      const Record dated = MustParseLine(With(ValidEvent(), "when", when));
      CHECK(std::get<Event>(dated).when.ToString() == when);
      CheckRoundTrip(dated);
    }
  }
  SECTION("every status") {
    for (const std::string& status : EventStatusNames()) {
      const Record typed = MustParseLine(With(ValidEvent(), "status", status));
      CHECK(EventStatusName(std::get<Event>(typed).status) == status);
      CheckRoundTrip(typed);
    }
  }
  SECTION("an event built in code round-trips too") {
    Event built;
    built.id = "2025-02-10-summit";
    built.title = "AI Action Summit";
    built.kind = "summit";
    built.when = MustParseEdtf("2025-02-10/2025-02-11");
    built.status = EventStatus::kPlanned;
    built.participants = {{"sam-altman", "speaker"}};
    built.attributes = Json{{"city", "Paris"}};
    CheckRoundTrip(Record(built));
  }
}

TEST_CASE("a relation parses with every field and round-trips", "[core][record_json]") {
  const Record record = MustParseLine(
      R"({"type": "relation", "id": "softbank-invests-in-stargate", "kind": "invests_in", )"
      R"("from": "SoftBank Group", "to": "stargate", "when": "2025-01-21/..", )"
      R"("status": "planned", "summary": "SoftBank funds Stargate.", )"
      R"("sources": [{"source": "yonhap-2025-02-04"}], )"
      R"("attributes": {"amount": {"value": 19000000000, "currency": "USD"}}})");
  const Relation* relation = std::get_if<Relation>(&record);
  REQUIRE(relation != nullptr);
  CHECK(relation->id == "softbank-invests-in-stargate");
  CHECK(relation->kind == "invests_in");
  CHECK(relation->from == "SoftBank Group");
  CHECK(relation->to == "stargate");
  REQUIRE(relation->when.has_value());
  CHECK(*relation->when == MustParseEdtf("2025-01-21/.."));
  CHECK(relation->when->latest_day == kOpenEndDay);
  CHECK(relation->status == EventStatus::kPlanned);
  CHECK(relation->summary == "SoftBank funds Stargate.");
  CHECK(relation->sources == std::vector<SourceRef>{{"yonhap-2025-02-04", ""}});
  CHECK(relation->attributes ==
        Json{{"amount", {{"value", 19000000000}, {"currency", "USD"}}}});
  CHECK(CanonicalRecordText(record) ==
        R"({"type":"relation","id":"softbank-invests-in-stargate","kind":"invests_in",)"
        R"("from":"SoftBank Group","to":"stargate","when":"2025-01-21/..","status":"planned",)"
        R"("summary":"SoftBank funds Stargate.","sources":[{"source":"yonhap-2025-02-04"}],)"
        R"("attributes":{"amount":{"currency":"USD","value":19000000000}}})");
  CheckRoundTrip(record);

  SECTION("without when and status: undated, and occurred by default") {
    const Record minimal = MustParseLine(ValidRelation().dump());
    const Relation& bare = std::get<Relation>(minimal);
    CHECK_FALSE(bare.when.has_value());
    CHECK(bare.status == EventStatus::kOccurred);
    CHECK(CanonicalRecordText(minimal) ==
          R"({"type":"relation","id":"softbank-invests-in-stargate","kind":"invests_in",)"
          R"("from":"softbank-group","to":"stargate","status":"occurred"})");
    CheckRoundTrip(minimal);
  }
}

TEST_CASE("a source parses with every field and round-trips", "[core][record_json]") {
  const Record record = MustParseLine(
      R"({"type": "source", "id": "yonhap-2025-02-04-stargate", "title": "스타게이트", )"
      R"("publisher": "연합뉴스", "published": "2025-02-04T15:30:00+09:00", "language": "ko", )"
      R"("url": "https://www.yna.co.kr/view/AKR20250204", "author": "Kim Min-ji"})");
  const Source* source = std::get_if<Source>(&record);
  REQUIRE(source != nullptr);
  CHECK(source->id == "yonhap-2025-02-04-stargate");
  CHECK(source->title == "스타게이트");
  CHECK(source->publisher == "연합뉴스");
  CHECK(source->published == "2025-02-04T15:30:00+09:00");
  CHECK(source->language == "ko");
  CHECK(source->url == "https://www.yna.co.kr/view/AKR20250204");
  CHECK(source->author == "Kim Min-ji");
  CHECK(CanonicalRecordText(record) ==
        R"({"type":"source","id":"yonhap-2025-02-04-stargate","title":"스타게이트",)"
        R"("publisher":"연합뉴스","published":"2025-02-04T15:30:00+09:00","language":"ko",)"
        R"("url":"https://www.yna.co.kr/view/AKR20250204","author":"Kim Min-ji"})");
  CheckRoundTrip(record);

  SECTION("a plain date, a UTC time and region or script subtags are accepted") {
    CheckRoundTrip(MustParseLine(With(ValidSource(), "published", "2025-02-04")));
    CheckRoundTrip(MustParseLine(With(ValidSource(), "published", "2025-02-04T06:30:00Z")));
    CheckRoundTrip(MustParseLine(With(ValidSource(), "language", "en-US")));
    CheckRoundTrip(MustParseLine(With(ValidSource(), "language", "zh-Hant")));
  }
}

TEST_CASE("equal records have equal canonical text", "[core][record_json]") {
  SECTION("field order and white space of the line do not matter") {
    const Record a = MustParseLine(
        R"({"type": "entity", "id": "openai", "name": "OpenAI", "kind": "organization"})");
    const Record b = MustParseLine(
        R"({  "kind":"organization","name":"OpenAI",   "id":"openai","type":"entity"})");
    CHECK(a == b);
    CHECK(CanonicalRecordText(a) == CanonicalRecordText(b));
  }
  SECTION("the key order of attributes does not matter, at any depth") {
    const Record a = MustParseLine(With(
        ValidEvent(), "attributes",
        Json::parse(R"({"b": 1, "a": {"y": 2, "x": 3}})")));
    const Record b = MustParseLine(
        R"({"type": "event", "id": "2025-02-04-meeting", "title": "Meeting", "kind": "meeting", )"
        R"("when": "2025-02-04", "status": "occurred", "attributes": {"a": {"x": 3, "y": 2}, "b": 1}})");
    CHECK(a == b);
    CHECK(CanonicalRecordText(a) == CanonicalRecordText(b));
    CHECK(CanonicalRecordText(a).find(R"("attributes":{"a":{"x":3,"y":2},"b":1})") !=
          std::string::npos);
  }
  SECTION("an empty optional field is the same as a missing one") {
    Json with_empty_fields = ValidEntity();
    with_empty_fields["description"] = "";
    with_empty_fields["aliases"] = Json::array();
    with_empty_fields["attributes"] = Json::object();
    const Record a = MustParseLine(with_empty_fields.dump());
    const Record b = MustParseLine(ValidEntity().dump());
    CHECK(a == b);
    CHECK(CanonicalRecordText(a) == CanonicalRecordText(b));
  }
  SECTION("different records have different text") {
    const Record a = MustParseLine(ValidEntity().dump());
    const Record b = MustParseLine(With(ValidEntity(), "name", "Samuel Altman"));
    CHECK_FALSE(a == b);
    CHECK(CanonicalRecordText(a) != CanonicalRecordText(b));
  }
}

TEST_CASE("a line that is not a JSON object is rejected", "[core][record_json]") {
  SECTION("invalid JSON: the message gives the column") {
    CHECK(RejectionOf(R"({"type": "entity", "id": "x",})") ==
          "invalid JSON at column 30: syntax error while parsing object key - unexpected '}'; "
          "expected string literal");
    CHECK(RejectionOf("not json") ==
          "invalid JSON at column 2: syntax error while parsing value - invalid literal; "
          "last read: 'no'");
    CHECK(RejectionOf(R"({"type": "entity")") ==
          "invalid JSON at column 18: syntax error while parsing object - unexpected end of "
          "input; expected '}'");
    Result<Record> record = ParseRecordLine(R"({"type": "entity",})");
    REQUIRE_FALSE(record.ok());
    CHECK(record.status().location().field.empty());
  }
  SECTION("valid JSON that is not an object") {
    CHECK(RejectionOf("[1, 2]") == "expected a JSON object, got an array");
    CHECK(RejectionOf(R"("entity")") == "expected a JSON object, got a string");
    CHECK(RejectionOf("42") == "expected a JSON object, got a number");
    CHECK(RejectionOf("null") == "expected a JSON object, got null");
  }
}

TEST_CASE("the type field must name a record type", "[core][record_json]") {
  CHECK(RejectionOf(Without(ValidEntity(), "type")) == "type: missing (required)");
  CHECK(RejectionOf(With(ValidEntity(), "type", 1)) == "type: expected a string, got a number");
  CHECK(RejectionOf(With(ValidEntity(), "type", "person")) ==
        "type: unknown record type 'person' (expected entity, event, relation or source)");
  CHECK(RejectionOf(With(ValidEntity(), "type", "Entity")) ==
        "type: unknown record type 'Entity' (expected entity, event, relation or source)");
}

TEST_CASE("a field the schema does not declare is rejected, naming the field",
          "[core][record_json]") {
  SECTION("at the top level of each record type") {
    CHECK(RejectionOf(With(ValidEntity(), "nmae", "Sam")) ==
          "nmae: unknown field (expected one of: aliases, attributes, description, id, kind, "
          "name, type)");
    CHECK(RejectionOf(With(ValidEvent(), "date", "2025-02-04")) ==
          "date: unknown field (expected one of: attributes, id, kind, part_of_day, "
          "participants, place, sources, status, summary, title, type, tz, when)");
    CHECK(RejectionOf(With(ValidRelation(), "source", "yonhap")) ==
          "source: unknown field (expected one of: attributes, from, id, kind, sources, status, "
          "summary, to, type, when)");
    CHECK(RejectionOf(With(ValidSource(), "attributes", Json::object())) ==
          "attributes: unknown field (expected one of: author, id, language, published, "
          "publisher, title, type, url)");
  }
  SECTION("inside a participant") {
    CHECK(RejectionOf(With(ValidEvent(), "participants",
                           Json::parse(R"([{"entity": "sam-altman", "rolle": "host"}])"))) ==
          "participants[0].rolle: unknown field (expected one of: entity, role)");
  }
  SECTION("\"type\" is a field of records only, not of participants or citations") {
    CHECK(RejectionOf(With(ValidEvent(), "participants",
                           Json::parse(R"([{"entity": "sam-altman", "type": "person"}])"))) ==
          "participants[0].type: unknown field (expected one of: entity, role)");
    CHECK(RejectionOf(With(ValidEvent(), "sources",
                           Json::parse(R"([{"source": "yonhap", "type": "source"}])"))) ==
          "sources[0].type: unknown field (expected one of: quote, source)");
  }
  SECTION("inside a source citation") {
    CHECK(RejectionOf(With(ValidRelation(), "sources",
                           Json::parse(R"([{"source": "a"}, {"source": "b", "page": 3}])"))) ==
          "sources[1].page: unknown field (expected one of: quote, source)");
  }
}

TEST_CASE("a missing required field is rejected, naming the field", "[core][record_json]") {
  SECTION("entity") {
    for (const char* field : {"id", "name", "kind"}) {
      CHECK(RejectionOf(Without(ValidEntity(), field)) ==
            std::string(field) + ": missing (required)");
    }
  }
  SECTION("event") {
    for (const char* field : {"id", "title", "kind", "when", "status"}) {
      CHECK(RejectionOf(Without(ValidEvent(), field)) ==
            std::string(field) + ": missing (required)");
    }
  }
  SECTION("relation") {
    for (const char* field : {"id", "kind", "from", "to"}) {
      CHECK(RejectionOf(Without(ValidRelation(), field)) ==
            std::string(field) + ": missing (required)");
    }
  }
  SECTION("source") {
    for (const char* field : {"id", "title", "publisher", "published"}) {
      CHECK(RejectionOf(Without(ValidSource(), field)) ==
            std::string(field) + ": missing (required)");
    }
  }
}

TEST_CASE("a field of the wrong JSON type is rejected, naming the type found",
          "[core][record_json]") {
  CHECK(RejectionOf(With(ValidEntity(), "id", 7)) == "id: expected a string, got a number");
  CHECK(RejectionOf(With(ValidEntity(), "name", true)) == "name: expected a string, got a boolean");
  CHECK(RejectionOf(With(ValidEntity(), "description", Json::array())) ==
        "description: expected a string, got an array");
  CHECK(RejectionOf(With(ValidEntity(), "aliases", "Sam")) ==
        "aliases: expected an array, got a string");
  CHECK(RejectionOf(With(ValidEntity(), "aliases", Json::parse(R"(["Sam", 2])"))) ==
        "aliases[1]: expected a string, got a number");
  CHECK(RejectionOf(With(ValidEntity(), "attributes", Json::array())) ==
        "attributes: expected an object, got an array");
  CHECK(RejectionOf(With(ValidEvent(), "when", 2025)) == "when: expected a string, got a number");
  CHECK(RejectionOf(With(ValidEvent(), "tz", Json::object())) ==
        "tz: expected a string, got an object");
  CHECK(RejectionOf(With(ValidEvent(), "sources", "yonhap")) ==
        "sources: expected an array, got a string");
  CHECK(RejectionOf(With(ValidEvent(), "sources", Json::parse(R"(["yonhap"])"))) ==
        "sources[0]: expected an object, got a string");
  CHECK(RejectionOf(With(ValidRelation(), "attributes", "big")) ==
        "attributes: expected an object, got a string");
}

TEST_CASE("a required string must not be empty", "[core][record_json]") {
  CHECK(RejectionOf(With(ValidEntity(), "id", "")) == "id: must not be empty");
  CHECK(RejectionOf(With(ValidEntity(), "name", "")) == "name: must not be empty");
  CHECK(RejectionOf(With(ValidEvent(), "title", "")) == "title: must not be empty");
  CHECK(RejectionOf(With(ValidEvent(), "when", "")) == "when: must not be empty");
  CHECK(RejectionOf(With(ValidRelation(), "from", "")) == "from: must not be empty");
  CHECK(RejectionOf(With(ValidSource(), "publisher", "")) == "publisher: must not be empty");
  CHECK(RejectionOf(With(ValidEvent(), "participants", Json::parse(R"([{"entity": ""}])"))) ==
        "participants[0].entity: must not be empty");
}

TEST_CASE("ids are lowercase slugs of at most 128 characters", "[core][record_json]") {
  const std::string rule =
      "' is not a valid id (lowercase letters, digits, '.', '_', '-'; at most 128 characters, "
      "starting with a letter or digit)";
  SECTION("rejected") {
    CHECK(RejectionOf(With(ValidEntity(), "id", "Sam-Altman")) == "id: 'Sam-Altman" + rule);
    CHECK(RejectionOf(With(ValidEvent(), "id", "2025 meeting")) == "id: '2025 meeting" + rule);
    CHECK(RejectionOf(With(ValidSource(), "id", "-yonhap")) == "id: '-yonhap" + rule);
    CHECK(RejectionOf(With(ValidRelation(), "id", "손정의")) == "id: '손정의" + rule);
    const std::string too_long(129, 'a');
    CHECK(RejectionOf(With(ValidEntity(), "id", too_long)) == "id: '" + too_long + rule);
  }
  SECTION("accepted") {
    CHECK(IsValidRecordId(std::string(128, 'a')));
    CHECK(IsValidRecordId("2025-02-04.seoul_meeting"));
    CHECK(IsValidRecordId("0"));
    CHECK_FALSE(IsValidRecordId(""));
    CHECK_FALSE(IsValidRecordId(".hidden"));
    CHECK_FALSE(IsValidRecordId("a/b"));
  }
}

TEST_CASE("kinds and statuses come from their vocabularies", "[core][record_json]") {
  SECTION("an entity kind is one of the listed kinds") {
    CHECK(RejectionOf(With(ValidEntity(), "kind", "human")) ==
          "kind: 'human' is not an entity kind (expected one of: person, organization, place, "
          "project, product, other)");
    CHECK(RejectionOf(With(ValidEntity(), "kind", "Person")) ==
          "kind: 'Person' is not an entity kind (expected one of: person, organization, place, "
          "project, product, other)");
  }
  SECTION("an event kind is a slug that may contain '-'") {
    CHECK(RejectionOf(With(ValidEvent(), "kind", "Press Conference")) ==
          "kind: 'Press Conference' is not a valid kind (lowercase letters, digits, '-', '_'; "
          "starting with a letter)");
    CHECK(RejectionOf(With(ValidEvent(), "kind", "1st-meeting")) ==
          "kind: '1st-meeting' is not a valid kind (lowercase letters, digits, '-', '_'; "
          "starting with a letter)");
  }
  SECTION("a relation kind is a slug without '-'") {
    CHECK(RejectionOf(With(ValidRelation(), "kind", "invests-in")) ==
          "kind: 'invests-in' is not a valid kind (lowercase letters, digits, '_'; starting "
          "with a letter)");
  }
  SECTION("a status is one of the listed statuses") {
    CHECK(RejectionOf(With(ValidEvent(), "status", "done")) ==
          "status: 'done' is not a status (expected one of: occurred, planned, reported, "
          "cancelled, postponed)");
    CHECK(RejectionOf(With(ValidRelation(), "status", "Planned")) ==
          "status: 'Planned' is not a status (expected one of: occurred, planned, reported, "
          "cancelled, postponed)");
  }
}

TEST_CASE("dates and time zones must exist", "[core][record_json]") {
  CHECK(RejectionOf(With(ValidEvent(), "when", "2025-02-30")) ==
        "when: 2025-02-30 is not a valid date");
  CHECK(RejectionOf(With(ValidRelation(), "when", "2023-02-29")) ==
        "when: 2023-02-29 is not a valid date");
  CHECK(RejectionOf(With(ValidEvent(), "tz", "Mars/Olympus")) ==
        "tz: unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Seoul)");
  CHECK(std::get<Event>(MustParseLine(With(ValidEvent(), "tz", "America/New_York"))).tz ==
        "America/New_York");
}

TEST_CASE("an event's part of day is an English name or a Korean word, written in English",
          "[core][record_json]") {
  const Json seoul_day = Json::parse(
      R"({"type": "event", "id": "2025-02-04-seocho-meeting", "title": "Meeting",
          "kind": "meeting", "when": "2025-02-04", "tz": "Asia/Seoul", "status": "occurred"})");
  SECTION("English, in any ASCII case") {
    for (const char* text : {"afternoon", "Afternoon", "AFTERNOON"}) {
      const Record record = MustParseLine(With(seoul_day, "part_of_day", text));
      CHECK(std::get<Event>(record).part_of_day == PartOfDay::kAfternoon);
    }
    CHECK(std::get<Event>(MustParseLine(With(seoul_day, "part_of_day", "night"))).part_of_day ==
          PartOfDay::kNight);
  }
  SECTION("Korean") {
    CHECK(std::get<Event>(MustParseLine(With(seoul_day, "part_of_day", "오후"))).part_of_day ==
          PartOfDay::kAfternoon);
    CHECK(std::get<Event>(MustParseLine(With(seoul_day, "part_of_day", "오전"))).part_of_day ==
          PartOfDay::kMorning);
    CHECK(std::get<Event>(MustParseLine(With(seoul_day, "part_of_day", "정오"))).part_of_day ==
          PartOfDay::kNoon);
  }
  SECTION("the canonical text has the English name right after tz, and round-trips") {
    const Record record = MustParseLine(With(seoul_day, "part_of_day", "오후"));
    CHECK(CanonicalRecordText(record) ==
          R"({"type":"event","id":"2025-02-04-seocho-meeting","title":"Meeting",)"
          R"("kind":"meeting","when":"2025-02-04","tz":"Asia/Seoul","part_of_day":"afternoon",)"
          R"("status":"occurred"})");
    CHECK(CanonicalRecordText(record) == RecordToJson(record).dump());
    CheckRoundTrip(record);
  }
  SECTION("without tz: the day is a UTC day") {
    const Record record = MustParseLine(With(ValidEvent(), "part_of_day", "Evening"));
    CHECK(std::get<Event>(record).part_of_day == PartOfDay::kEvening);
    CHECK(CanonicalRecordText(record) ==
          R"({"type":"event","id":"2025-02-04-meeting","title":"Meeting","kind":"meeting",)"
          R"("when":"2025-02-04","part_of_day":"evening","status":"occurred"})");
    CheckRoundTrip(record);
  }
  SECTION("an event without part of day keeps exactly the text it had") {
    const Record record = MustParseLine(seoul_day.dump());
    CHECK_FALSE(std::get<Event>(record).part_of_day.has_value());
    CHECK(CanonicalRecordText(record) ==
          R"({"type":"event","id":"2025-02-04-seocho-meeting","title":"Meeting",)"
          R"("kind":"meeting","when":"2025-02-04","tz":"Asia/Seoul","status":"occurred"})");
    CHECK(std::get<Event>(MustParseLine(With(seoul_day, "part_of_day", nullptr))) ==
          std::get<Event>(record));
  }
  SECTION("an event built in code round-trips") {
    Event built;
    built.id = "2025-02-04-press-event";
    built.title = "Press event";
    built.kind = "press-conference";
    built.when = MustParseEdtf("2025-02-04");
    built.tz = "Asia/Seoul";
    built.part_of_day = PartOfDay::kMorning;
    CheckRoundTrip(Record(built));
  }
}

TEST_CASE("an unknown part of day is rejected, naming the field", "[core][record_json]") {
  const std::string expected =
      " (expected morning, noon, afternoon, evening or night; in Korean 아침, 오전, 정오, "
      "오후, 저녁 or 밤)";
  CHECK(RejectionOf(With(ValidEvent(), "part_of_day", "dusk")) ==
        "part_of_day: unknown part of day 'dusk'" + expected);
  CHECK(RejectionOf(With(ValidEvent(), "part_of_day", "")) ==
        "part_of_day: unknown part of day ''" + expected);
  CHECK(RejectionOf(With(ValidEvent(), "part_of_day", " afternoon")) ==
        "part_of_day: unknown part of day ' afternoon'" + expected);
  CHECK(RejectionOf(With(ValidEvent(), "part_of_day", 14)) ==
        "part_of_day: expected a string, got a number");
  Result<Record> record = ParseRecordLine(With(ValidEvent(), "part_of_day", "dusk"));
  REQUIRE_FALSE(record.ok());
  CHECK(record.status().location().field == "part_of_day");
}

TEST_CASE("an event's when, tz and part of day must denote real instants", "[core][record_json]") {
  SECTION("a part of day needs a single day without a time") {
    CHECK(RejectionOf(EventWith({{"when", "2025-02"}, {"part_of_day", "afternoon"}})) ==
          "part_of_day: a part of day (afternoon) needs a single day without a time, not "
          "'2025-02'");
    CHECK(RejectionOf(EventWith({{"when", "2025-02-04T14:30"}, {"part_of_day", "오후"}})) ==
          "part_of_day: a part of day (afternoon) needs a single day without a time, not "
          "'2025-02-04T14:30'");
    CHECK(RejectionOf(EventWith({{"when", "2025-02-03/2025-02-04"}, {"part_of_day", "morning"}})) ==
          "part_of_day: a part of day (morning) needs a single day without a time, not "
          "'2025-02-03/2025-02-04'");
    Result<Record> record =
        ParseRecordLine(EventWith({{"when", "2025-02"}, {"part_of_day", "night"}}));
    REQUIRE_FALSE(record.ok());
    CHECK(record.status().location().field == "part_of_day");
  }
  SECTION("a local time that daylight saving time skips") {
    const std::string line = EventWith({{"when", "2025-03-09T02:30"}, {"tz", "America/New_York"}});
    CHECK(RejectionOf(line) ==
          "when: local time 2025-03-09T02:30 does not exist in America/New_York: clocks jump "
          "from 02:00 to 03:00");
    Result<Record> record = ParseRecordLine(line);
    REQUIRE_FALSE(record.ok());
    CHECK(record.status().location().field == "when");
  }
  SECTION("a day the zone skipped") {
    CHECK(RejectionOf(EventWith({{"when", "2011-12-30"}, {"tz", "Pacific/Apia"}})) ==
          "when: 2011-12-30 does not exist in Pacific/Apia: the zone skipped that local time");
  }
  SECTION("an interval of times that ends before it starts") {
    CHECK(RejectionOf(With(ValidEvent(), "when", "2025-02-04T14:00Z/2025-02-04T10:00Z")) ==
          "when: interval ends before it starts: '2025-02-04T14:00Z/2025-02-04T10:00Z'");
  }
  SECTION("accepted: the same local time outside the gap, a repeated local time, an offset") {
    CHECK(std::get<Event>(
              MustParseLine(EventWith({{"when", "2025-03-09T03:30"}, {"tz", "America/New_York"}})))
              .when.ToString() == "2025-03-09T03:30");
    CheckRoundTrip(
        MustParseLine(EventWith({{"when", "2025-11-02T01:30"}, {"tz", "America/New_York"}})));
    CheckRoundTrip(
        MustParseLine(EventWith({{"when", "2025-03-09T02:30-05:00"}, {"tz", "America/New_York"}})));
    CheckRoundTrip(MustParseLine(EventWith({{"when", "2025-02"}, {"tz", "Asia/Seoul"}})));
  }
  SECTION("the catalog pass reads only type and id of an event") {
    const std::string line = EventWith({{"when", "2025-02"}, {"part_of_day", "dusk"}});
    Result<Record> record = ParseRecordLineForCatalog(line);
    REQUIRE(record.ok());
    CHECK(std::get<Event>(*record).id == "2025-02-04-meeting");
    CHECK_FALSE(std::get<Event>(*record).part_of_day.has_value());
  }
}

TEST_CASE("the catalog pass reads type and id of events and relations, whatever else is there",
          "[core][record_json]") {
  auto catalog_id = [](std::string_view line) {
    Result<Record> record = ParseRecordLineForCatalog(line);
    INFO(line);
    REQUIRE(record.ok());
    return RecordId(*record);
  };
  CHECK(catalog_id(R"({"type":"event","id":"ev-1","title":"T","when":"2025"})") == "ev-1");
  CHECK(catalog_id(R"({"title":"T","id":"ev-2","type":"event"})") == "ev-2");  // any order
  CHECK(catalog_id(R"({"id":"rel-1","type":"relation"})") == "rel-1");    // escapes read
  CHECK(std::holds_alternative<Relation>(
      *ParseRecordLineForCatalog(R"({"type":"relation","id":"rel-1"})")));
  // Not read here, so not refused here: the second pass parses the whole line.
  const std::string broken_tail = R"({"type":"event","id":"ev-3","when": 2025-02-04})";
  CHECK(catalog_id(broken_tail) == "ev-3");
  CHECK_FALSE(ParseRecordLine(broken_tail).ok());
  // Entities and sources are parsed whole, as before.
  Result<Record> entity =
      ParseRecordLineForCatalog(R"({"type":"entity","id":"son","name":"Son","kind":"person"})");
  REQUIRE(entity.ok());
  CHECK(std::get<Entity>(*entity).name == "Son");
  // What the catalog reads is refused with the full parse's message and field.
  auto refusal = [](std::string_view line) {
    Result<Record> record = ParseRecordLineForCatalog(line);
    INFO(line);
    REQUIRE_FALSE(record.ok());
    return record.status().ToString();
  };
  CHECK(refusal(R"({"type":"event","title":"T"})") == "id: missing (required)");
  CHECK(refusal(R"({"type":"event","id":"Ev"})") ==
        "id: 'Ev' is not a valid id (lowercase letters, digits, '.', '_', '-'; at most 128 "
        "characters, starting with a letter or digit)");
  CHECK(refusal(R"({"type":"event","id":7})") == "id: expected a string, got a number");
  CHECK(refusal(R"({"type":"meeting","id":"ev-4"})") ==
        "type: unknown record type 'meeting' (expected entity, event, relation or source)");
  CHECK(refusal(R"(["type","event"])") == "expected a JSON object, got an array");
  CHECK(refusal(R"({"type":"event","id":"ev-5")").rfind("invalid JSON at column", 0) == 0);
}

TEST_CASE("a field given twice takes its first value and is no unknown field",
          "[core][record_json]") {
  Result<Record> record =
      ParseRecordLine(R"({"type":"entity","id":"a","name":"First","name":"Second","kind":"person"})");
  REQUIRE(record.ok());
  CHECK(std::get<Entity>(*record).name == "First");
  Result<Record> with_null = ParseRecordLine(
      R"({"type":"entity","id":"a","name":"First","kind":"person","description":null,"description":"x"})");
  REQUIRE(with_null.ok());
  CHECK(std::get<Entity>(*with_null).description.empty());  // the first value, null, counts
}

TEST_CASE("participants are an array of objects naming an entity", "[core][record_json]") {
  CHECK(RejectionOf(With(ValidEvent(), "participants", Json::parse(R"({"entity": "x"})"))) ==
        "participants: expected an array, got an object");
  CHECK(RejectionOf(With(ValidEvent(), "participants", Json::parse(R"([{"role": "host"}])"))) ==
        "participants[0].entity: missing (required)");
  CHECK(RejectionOf(With(ValidEvent(), "participants",
                         Json::parse(R"([{"entity": "a"}, "sam-altman"])"))) ==
        "participants[1]: expected an object, got a string");
  CHECK(RejectionOf(With(ValidEvent(), "participants",
                         Json::parse(R"([{"entity": "a", "role": 1}])"))) ==
        "participants[0].role: expected a string, got a number");
  Result<Record> record = ParseRecordLine(
      With(ValidEvent(), "participants", Json::parse(R"([{"role": "host"}])")));
  REQUIRE_FALSE(record.ok());
  CHECK(record.status().location().field == "participants[0].entity");
  CHECK(record.status().message() == "missing (required)");
}

TEST_CASE("a source citation names its source", "[core][record_json]") {
  CHECK(RejectionOf(With(ValidEvent(), "sources", Json::parse(R"([{"quote": "회동"}])"))) ==
        "sources[0].source: missing (required)");
  CHECK(RejectionOf(With(ValidRelation(), "sources", Json::parse(R"([{"source": ""}])"))) ==
        "sources[0].source: must not be empty");
}

TEST_CASE("a source's publication date is a day or a date-time with offset",
          "[core][record_json]") {
  const std::string expected =
      "' is not a publication date (expected YYYY-MM-DD or a date-time with offset such as "
      "2025-02-04T15:30:00+09:00)";
  for (const char* published :
       {"2025-02", "2025", "2025-02-04T15:30:00", "2025-02-04~", "2025-02-04/2025-02-05",
        "2025-02-30", "Feb 4, 2025", "2025-02-XX", "2025-02-04?"}) {
    CHECK(RejectionOf(With(ValidSource(), "published", published)) ==
          "published: '" + std::string(published) + expected);
  }
}

TEST_CASE("a source's language is a BCP 47 tag", "[core][record_json]") {
  const std::string expected = "' is not a BCP 47 language tag (such as ko, en, en-US)";
  for (const char* language : {"korean", "k", "en-", "en_US", "12", "en--us"}) {
    CHECK(RejectionOf(With(ValidSource(), "language", language)) ==
          "language: '" + std::string(language) + expected);
  }
}

TEST_CASE("names and aliases must be indexable", "[core][record_json]") {
  SECTION("a NUL character") {
    CHECK(RejectionOf(With(ValidEntity(), "name", std::string("Sam\0Altman", 10))) ==
          "name: contains a NUL character");
    CHECK(RejectionOf(R"({"type": "entity", "id": "x", "name": "x\u0000", "kind": "other"})") ==
          "name: contains a NUL character");
  }
  SECTION("invalid UTF-8 in a JSON value built in code") {
    // A line with such bytes is refused by the JSON parser; a value built in code is refused
    // before its fields are read.
    Json value = ValidEntity();
    value["name"] = "Sam \xff";
    CHECK(RejectionOfJson(value) == "not valid UTF-8");
    value = ValidEntity();
    value["aliases"] = Json::array({"Sam", "\xc3"});
    CHECK(RejectionOfJson(value) == "not valid UTF-8");
  }
  SECTION("only white space") {
    CHECK(RejectionOf(With(ValidEntity(), "name", "   ")) == "name: empty name");
    CHECK(RejectionOf(With(ValidEntity(), "name", "\u3000\t")) == "name: empty name");
    CHECK(RejectionOf(With(ValidEntity(), "aliases", Json::array({"Sam", " "}))) ==
          "aliases[1]: empty name");
  }
  SECTION("an empty alias") {
    CHECK(RejectionOf(With(ValidEntity(), "aliases", Json::array({""}))) ==
          "aliases[0]: must not be empty");
  }
}

TEST_CASE("the canonical text is RecordToJson's compact dump, written without the tree",
          "[core][record_json]") {
  SECTION("every record of the Stargate sample") {
    std::ifstream sample(std::string(CHRONICLE_SOURCE_DIR) + "/samples/stargate.jsonl");
    REQUIRE(sample);
    std::string line;
    size_t checked = 0;
    while (std::getline(sample, line)) {
      Result<Record> record = ParseRecordLine(line);
      REQUIRE(record.ok());
      CHECK(CanonicalRecordText(*record) == RecordToJson(*record).dump());
      ++checked;
    }
    CHECK(checked > 80);
  }
  SECTION("strings that need escaping") {
    Result<Record> record = ParseRecordLine(
        R"({"type":"event","id":"e1","title":"a \"quoted\" \\ back\nslash\ttab\u0001\u001f\u007f 한국","kind":"meeting","when":"2025","status":"occurred","summary":"\b\f\r","attributes":{"z":1,"a":{"b":[true,null,2.5]}}})");
    REQUIRE(record.ok());
    CHECK(CanonicalRecordText(*record) == RecordToJson(*record).dump());
  }
}


// AppendJsonString finds the bytes to escape eight at a time: every special byte, at every
// position of texts of every length up to 40, beside UTF-8 (bytes >= 0x80, which are copied),
// must come out as nlohmann::json writes it.
TEST_CASE("AppendJsonString escapes what nlohmann::json escapes, at any position",
          "[core][record_json]") {
  const std::string specials("\"\\\b\f\n\r\t\x01\x1f\0", 10);
  for (size_t length = 1; length <= 40; ++length) {
    for (size_t pos = 0; pos < length; ++pos) {
      for (char special : specials) {
        // Filler of ASCII and whole Hangul syllables (none of their bytes is special).
        std::string text;
        while (text.size() < length) text += text.size() % 4 == 0 ? "\xEC\x86\x90" : "a";
        text.resize(length);
        text[pos] = special;
        if (!IsValidUtf8(text)) continue;  // a syllable cut short: nlohmann would refuse it
        std::string written;
        AppendJsonString(&written, text);
        INFO("length " << length << ", byte " << static_cast<int>(special) << " at " << pos);
        CHECK(written == nlohmann::json(text).dump());
      }
    }
  }
  std::string plain;
  AppendJsonString(&plain, "Stargate 합작 발표 — \"announced\"");
  CHECK(plain == R"("Stargate 합작 발표 — \"announced\"")");
}

}  // namespace
}  // namespace chronicle
