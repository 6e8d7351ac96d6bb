#include "core/input_entities.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "scratch_dir.h"

namespace chronicle {
namespace {

std::set<std::string> IdsNamed(const InputEntities& entities, std::string_view name) {
  std::set<std::string> ids;
  Result<std::string> normalized = NormalizeName(name);
  REQUIRE(normalized.ok());
  entities.IdsNamed(*normalized, &ids);
  return ids;
}

// Every test runs in memory, and spilling after 1, 2 and 3 entities (so that the first, second
// or third entity is the last one kept in memory, and the runs of index entries are that long).
struct Mode {
  bool spills;
  size_t memory_entities;
};
const Mode kModes[] = {{false, 0}, {true, 1}, {true, 2}, {true, 3}};

std::unique_ptr<InputEntities> MakeEntities(const ScratchDir& scratch, const Mode& mode) {
  if (!mode.spills) return std::make_unique<InputEntities>();
  return std::make_unique<InputEntities>(
      EntitySpill{.dir = scratch.Sub("spill"), .memory_entities = mode.memory_entities});
}

TEST_CASE("InputEntities finds entities by id and by normalised name or alias",
          "[core][input_entities]") {
  for (const Mode& mode : kModes) {
    INFO("spills " << mode.spills << ", memory_entities " << mode.memory_entities);
    ScratchDir scratch;
    std::unique_ptr<InputEntities> entities = MakeEntities(scratch, mode);
    entities->Add("son-masayoshi", "Son Masayoshi", {"손정의", "Masayoshi Son"});
    entities->Add("samsung-electronics", "Samsung Electronics", {"삼성"});
    entities->Add("samsung-group", "Samsung Group", {"삼성"});
    // A name given twice by one entity (as its name and as an alias) names it once.
    entities->Add("samsung-biologics", "삼성", {"삼성", "Samsung Biologics"});
    REQUIRE(entities->Seal().ok());

    CHECK(entities->ordinal_count() == 4);
    CHECK(entities->spilled_count() == (mode.spills ? 4 - mode.memory_entities : 0));
    CHECK(entities->OrdinalOf("son-masayoshi") == 0u);
    CHECK(entities->OrdinalOf("samsung-electronics") == 1u);
    CHECK(entities->OrdinalOf("samsung-group") == 2u);
    CHECK(entities->OrdinalOf("samsung-biologics") == 3u);
    CHECK_FALSE(entities->Contains("Son Masayoshi"));  // a name is not an id
    CHECK_FALSE(entities->Contains("son"));
    CHECK_FALSE(entities->Contains("samsung-group "));
    CHECK_FALSE(entities->Contains(""));

    CHECK(IdsNamed(*entities, "SON MASAYOSHI") == std::set<std::string>{"son-masayoshi"});
    CHECK(IdsNamed(*entities, "손정의") == std::set<std::string>{"son-masayoshi"});
    CHECK(IdsNamed(*entities, "masayoshi son") == std::set<std::string>{"son-masayoshi"});
    CHECK(IdsNamed(*entities, "삼성") ==
          std::set<std::string>{"samsung-biologics", "samsung-electronics", "samsung-group"});
    CHECK(IdsNamed(*entities, "Samsung Biologics") == std::set<std::string>{"samsung-biologics"});
    CHECK(IdsNamed(*entities, "Sam Altman").empty());

    CHECK(entities->Names() ==
          std::vector<std::string_view>{"Son Masayoshi", "손정의", "Masayoshi Son",
                                        "Samsung Electronics", "삼성", "Samsung Group", "삼성",
                                        "삼성", "삼성", "Samsung Biologics"});
  }
}

TEST_CASE("InputEntities keeps an entity added again once, with all its names",
          "[core][input_entities]") {
  for (const Mode& mode : kModes) {
    INFO("spills " << mode.spills << ", memory_entities " << mode.memory_entities);
    ScratchDir scratch;
    std::unique_ptr<InputEntities> entities = MakeEntities(scratch, mode);
    entities->Add("openai", "OpenAI", {});
    entities->Add("softbank", "SoftBank", {});
    entities->Add("oracle", "Oracle", {});
    // New versions of an entity: in memory in every mode, and spilled with one entity in memory.
    entities->Add("openai", "OpenAI Inc.", {"오픈AI"});
    entities->Add("softbank", "SoftBank Group", {"소프트뱅크"});
    REQUIRE(entities->Seal().ok());
    // A spilled id added again took a second ordinal; the first is the one answered.
    CHECK(entities->ordinal_count() == (mode.spills && mode.memory_entities == 1 ? 4u : 3u));
    CHECK(entities->OrdinalOf("openai") == 0u);
    CHECK(entities->OrdinalOf("softbank") == 1u);
    CHECK(entities->OrdinalOf("oracle") == 2u);
    CHECK(IdsNamed(*entities, "openai") == std::set<std::string>{"openai"});
    CHECK(IdsNamed(*entities, "오픈ai") == std::set<std::string>{"openai"});
    CHECK(IdsNamed(*entities, "OPENAI INC.") == std::set<std::string>{"openai"});
    CHECK(IdsNamed(*entities, "softbank group") == std::set<std::string>{"softbank"});
    CHECK(IdsNamed(*entities, "소프트뱅크") == std::set<std::string>{"softbank"});
    CHECK(entities->Names() ==
          std::vector<std::string_view>{"OpenAI", "SoftBank", "Oracle", "OpenAI Inc.", "오픈AI",
                                        "SoftBank Group", "소프트뱅크"});
  }
}

TEST_CASE("InputEntities leaves out names that do not normalise", "[core][input_entities]") {
  for (const Mode& mode : kModes) {
    INFO("spills " << mode.spills << ", memory_entities " << mode.memory_entities);
    ScratchDir scratch;
    std::unique_ptr<InputEntities> entities = MakeEntities(scratch, mode);
    entities->Add("first", "First", {});
    entities->Add("nul", std::string_view("bad\0name", 8), {"Good Name"});
    REQUIRE(entities->Seal().ok());
    CHECK(entities->Contains("nul"));
    CHECK(entities->Names() == std::vector<std::string_view>{"First", "Good Name"});
    CHECK(IdsNamed(*entities, "good name") == std::set<std::string>{"nul"});
  }
}

TEST_CASE("InputEntities sees spilled entities once sealed, and removes its files",
          "[core][input_entities]") {
  ScratchDir scratch;
  const std::string dir = scratch.Sub("spill");
  {
    InputEntities entities(EntitySpill{.dir = dir, .memory_entities = 1});
    entities.Add("kept", "Kept", {});
    entities.Add("spilled", "Spilled", {});
    CHECK(std::filesystem::exists(dir + "/entity-ids.text"));
    CHECK(entities.Contains("kept"));
    CHECK_FALSE(entities.Contains("spilled"));  // not yet sealed
    CHECK(entities.Names() == std::vector<std::string_view>{"Kept"});
    REQUIRE(entities.Seal().ok());
    REQUIRE(entities.Seal().ok());  // idempotent
    CHECK(entities.OrdinalOf("spilled") == 1u);
    CHECK(IdsNamed(entities, "spilled") == std::set<std::string>{"spilled"});
  }
  CHECK_FALSE(std::filesystem::exists(dir));  // created for the spill, removed with it

  // A directory that was there already stays, emptied of the spill's files.
  std::filesystem::create_directories(dir);
  {
    InputEntities entities(EntitySpill{.dir = dir, .memory_entities = 1});
    for (const char* id : {"a", "b", "c", "d"}) entities.Add(id, id, {});
    REQUIRE(entities.Seal().ok());
    CHECK(entities.OrdinalOf("d") == 3u);
  }
  CHECK(std::filesystem::exists(dir));
  CHECK(std::filesystem::is_empty(dir));

  // An input that never fills memory writes nothing.
  {
    InputEntities entities(EntitySpill{.dir = dir, .memory_entities = 10});
    entities.Add("a", "A", {});
    REQUIRE(entities.Seal().ok());
    CHECK(entities.spilled_count() == 0);
    CHECK(std::filesystem::is_empty(dir));
  }
}

TEST_CASE("InputEntities reports a spill it could not write or read back",
          "[core][input_entities]") {
  ScratchDir scratch;
  SECTION("the spill directory is a file") {
    const std::string file = scratch.Write("not-a-dir", "x");
    InputEntities entities(EntitySpill{.dir = file, .memory_entities = 1});
    entities.Add("a", "A", {});
    entities.Add("b", "B", {});
    const Status sealed = entities.Seal();
    CHECK(sealed.code() == StatusCode::kIoError);
    // The first thing it could not write: the run of one index entry that the second entity
    // filled.
    CHECK(sealed.message() == "cannot write " + file + "/entity-ids-0.run");
    CHECK(entities.Seal().message() == sealed.message());  // the failure stays
    CHECK(entities.Contains("a"));                          // what is in memory still answers
  }
  SECTION("a run was truncated") {
    const std::string dir = scratch.Sub("spill");
    InputEntities entities(EntitySpill{.dir = dir, .memory_entities = 1});
    for (const char* id : {"a", "b", "c", "d"}) entities.Add(id, id, {});
    std::filesystem::resize_file(dir + "/entity-ids-0.run", 5);
    const Status sealed = entities.Seal();
    CHECK(sealed.code() == StatusCode::kIoError);
    CHECK(sealed.message() == "cannot read " + dir + "/entity-ids-0.run: truncated");
  }
}

TEST_CASE("InputEntities stays right as its indexes grow", "[core][input_entities]") {
  // In memory, and with 1,000 entities in memory and the other 19,000 in runs of 1,000 index
  // entries, merged into a bucket directory of 4,096 buckets.
  for (const Mode& mode : {Mode{false, 0}, Mode{true, 1000}}) {
    INFO("spills " << mode.spills);
    ScratchDir scratch;
    std::unique_ptr<InputEntities> entities = MakeEntities(scratch, mode);
    constexpr int kEntities = 20000;
    for (int entity_idx = 0; entity_idx < kEntities; ++entity_idx) {
      // Every 100th entity shares the name "Shared <n / 100>" with the next one.
      const std::string shared = "Shared " + std::to_string(entity_idx / 2 / 50);
      entities->Add(
          "ent-" + std::to_string(entity_idx), "Entity " + std::to_string(entity_idx),
          entity_idx % 100 < 2 ? std::vector<std::string>{shared} : std::vector<std::string>{});
    }
    REQUIRE(entities->Seal().ok());
    CHECK(entities->ordinal_count() == kEntities);
    CHECK(entities->spilled_count() == (mode.spills ? kEntities - 1000 : 0));
    int wrong = 0;
    for (int entity_idx = 0; entity_idx < kEntities; ++entity_idx) {
      const std::string id = "ent-" + std::to_string(entity_idx);
      if (entities->OrdinalOf(id) != static_cast<uint32_t>(entity_idx)) ++wrong;
      if (IdsNamed(*entities, "ENTITY " + std::to_string(entity_idx)) !=
          std::set<std::string>{id}) {
        ++wrong;
      }
    }
    CHECK(wrong == 0);
    CHECK_FALSE(entities->Contains("ent-" + std::to_string(kEntities)));
    CHECK(IdsNamed(*entities, "shared 7") == std::set<std::string>{"ent-700", "ent-701"});
    CHECK(IdsNamed(*entities, "shared 150") == std::set<std::string>{"ent-15000", "ent-15001"});
    CHECK(entities->Names().size() == kEntities + kEntities / 50);
  }
}

}  // namespace
}  // namespace chronicle
