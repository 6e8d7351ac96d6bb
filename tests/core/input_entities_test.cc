#include "core/input_entities.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"

namespace chronicle {
namespace {

std::set<std::string> IdsNamed(const InputEntities& entities, std::string_view name) {
  std::set<std::string> ids;
  Result<std::string> normalized = NormalizeName(name);
  REQUIRE(normalized.ok());
  entities.IdsNamed(*normalized, &ids);
  return ids;
}

TEST_CASE("InputEntities finds entities by id and by normalised name or alias",
          "[core][input_entities]") {
  InputEntities entities;
  entities.Add("son-masayoshi", "Son Masayoshi", {"손정의", "Masayoshi Son"});
  entities.Add("samsung-electronics", "Samsung Electronics", {"삼성"});
  entities.Add("samsung-group", "Samsung Group", {"삼성"});
  // A name given twice by one entity (as its name and as an alias) names it once.
  entities.Add("samsung-biologics", "삼성", {"삼성", "Samsung Biologics"});

  CHECK(entities.entity_count() == 4);
  CHECK(entities.Contains("son-masayoshi"));
  CHECK(entities.Contains("samsung-group"));
  CHECK_FALSE(entities.Contains("Son Masayoshi"));  // a name is not an id
  CHECK_FALSE(entities.Contains("son"));
  CHECK_FALSE(entities.Contains(""));

  CHECK(IdsNamed(entities, "SON MASAYOSHI") == std::set<std::string>{"son-masayoshi"});
  CHECK(IdsNamed(entities, "손정의") == std::set<std::string>{"son-masayoshi"});
  CHECK(IdsNamed(entities, "masayoshi son") == std::set<std::string>{"son-masayoshi"});
  CHECK(IdsNamed(entities, "삼성") == std::set<std::string>{"samsung-biologics",
                                                            "samsung-electronics", "samsung-group"});
  CHECK(IdsNamed(entities, "Samsung Biologics") == std::set<std::string>{"samsung-biologics"});
  CHECK(IdsNamed(entities, "Sam Altman").empty());

  CHECK(entities.Names() ==
        std::vector<std::string_view>{"Son Masayoshi", "손정의", "Masayoshi Son",
                                      "Samsung Electronics", "삼성", "Samsung Group", "삼성", "삼성",
                                      "삼성", "Samsung Biologics"});
}

TEST_CASE("InputEntities keeps an entity added again once, with all its names",
          "[core][input_entities]") {
  InputEntities entities;
  entities.Add("openai", "OpenAI", {});
  entities.Add("openai", "OpenAI Inc.", {"오픈AI"});  // a new version of the entity
  CHECK(entities.entity_count() == 1);
  CHECK(IdsNamed(entities, "openai") == std::set<std::string>{"openai"});
  CHECK(IdsNamed(entities, "오픈ai") == std::set<std::string>{"openai"});
  CHECK(IdsNamed(entities, "OPENAI INC.") == std::set<std::string>{"openai"});
}

TEST_CASE("InputEntities leaves out names that do not normalise", "[core][input_entities]") {
  InputEntities entities;
  entities.Add("nul", std::string_view("bad\0name", 8), {"Good Name"});
  CHECK(entities.Contains("nul"));
  CHECK(entities.Names() == std::vector<std::string_view>{"Good Name"});
  CHECK(IdsNamed(entities, "good name") == std::set<std::string>{"nul"});
}

TEST_CASE("InputEntities stays right as its indexes grow", "[core][input_entities]") {
  InputEntities entities;
  constexpr int kEntities = 20000;
  for (int entity_idx = 0; entity_idx < kEntities; ++entity_idx) {
    // Every 100th entity shares the name "Shared <n / 100>" with the next one.
    const std::string shared = "Shared " + std::to_string(entity_idx / 2 / 50);
    entities.Add("ent-" + std::to_string(entity_idx), "Entity " + std::to_string(entity_idx),
                 entity_idx % 100 < 2 ? std::vector<std::string>{shared} : std::vector<std::string>{});
  }
  CHECK(entities.entity_count() == kEntities);
  int wrong = 0;
  for (int entity_idx = 0; entity_idx < kEntities; ++entity_idx) {
    const std::string id = "ent-" + std::to_string(entity_idx);
    if (!entities.Contains(id)) ++wrong;
    if (IdsNamed(entities, "ENTITY " + std::to_string(entity_idx)) != std::set<std::string>{id}) {
      ++wrong;
    }
  }
  CHECK(wrong == 0);
  CHECK_FALSE(entities.Contains("ent-" + std::to_string(kEntities)));
  CHECK(IdsNamed(entities, "shared 7") == std::set<std::string>{"ent-700", "ent-701"});
}

}  // namespace
}  // namespace chronicle
