// The JSON form of records: one line of the JSON Lines import format (schemas/import.schema.json)
// and the canonical JSON that storage keeps and the CLI prints.
//
// The importer and the schema are kept in step: a field the schema does not declare is an
// error here too ("unknown field"), so a typo never passes silently.
#ifndef CHRONICLE_CORE_RECORD_JSON_H_
#define CHRONICLE_CORE_RECORD_JSON_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "core/model.h"
#include "core/status.h"

namespace chronicle {

using OrderedJson = nlohmann::ordered_json;

// Parses one JSON Lines line into a record. On failure returns InvalidArgument whose location
// names the field ("when", "participants[1].entity"; "" for a JSON syntax error, whose message
// gives the column). The caller adds the file and line.
// An event's "when", "tz" and "part_of_day" must denote real instants (ToInstantRange in
// core/zoned_time.h): a part of day on a month, or a local time that a clock change skips, is
// rejected with ToInstantRange's message and field ("part_of_day", "when" or "tz").
[[nodiscard]] Result<Record> ParseRecordLine(std::string_view line);

// A cheaper parse for an importer's first pass: entities and sources are parsed whole; of
// events and relations only "type" and "id" are read and checked, every other field left at
// its default. Errors as ParseRecordLine for what it reads.
[[nodiscard]] Result<Record> ParseRecordLineForCatalog(std::string_view line);

// Parses an already decoded JSON value (it is serialised and parsed as a line); same contract
// as ParseRecordLine, and InvalidArgument("not valid UTF-8") for strings that are not UTF-8.
[[nodiscard]] Result<Record> ParseRecordJson(const nlohmann::json& value);

// The record as JSON in the import format, fields in a fixed order and empty optional fields
// left out, so that ParseRecordLine(CanonicalRecordText(r)) == r and equal records give equal
// text: the canonical text that storage keeps and that tells identical records apart.
std::string CanonicalRecordText(const Record& record);

// The same as a JSON tree (CanonicalRecordText parsed), for output that embeds records.
OrderedJson RecordToJson(const Record& record);

// Appends `utf8` as a JSON string literal, escaped exactly as nlohmann::json::dump escapes it
// (ensure_ascii off): quote, backslash and control characters; UTF-8 is copied as is.
// REQUIRES: utf8 is valid UTF-8.
void AppendJsonString(std::string* out, std::string_view utf8);

// True when `id` is a valid record id: ^[a-z0-9][a-z0-9._-]{0,127}$.
bool IsValidRecordId(std::string_view id);

}  // namespace chronicle

#endif  // CHRONICLE_CORE_RECORD_JSON_H_
