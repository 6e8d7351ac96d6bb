#include "core/model.h"

#include <array>

namespace chronicle {
namespace {

constexpr std::array<std::string_view, 6> kEntityKindNames = {"person",  "organization", "place",
                                                              "project", "product",      "other"};
constexpr std::array<std::string_view, 5> kEventStatusNames = {"occurred", "planned", "reported",
                                                               "cancelled", "postponed"};

}  // namespace

std::string_view EntityKindName(EntityKind kind) {
  return kEntityKindNames[static_cast<size_t>(kind) - 1];
}

std::string_view EventStatusName(EventStatus status) {
  return kEventStatusNames[static_cast<size_t>(status) - 1];
}

std::optional<EntityKind> ParseEntityKind(std::string_view name) {
  for (size_t kind_idx = 0; kind_idx < kEntityKindNames.size(); ++kind_idx) {
    if (kEntityKindNames[kind_idx] == name) return static_cast<EntityKind>(kind_idx + 1);
  }
  return std::nullopt;
}

std::optional<EventStatus> ParseEventStatus(std::string_view name) {
  for (size_t status_idx = 0; status_idx < kEventStatusNames.size(); ++status_idx) {
    if (kEventStatusNames[status_idx] == name) return static_cast<EventStatus>(status_idx + 1);
  }
  return std::nullopt;
}

const std::vector<std::string>& EntityKindNames() {
  static const std::vector<std::string> names(kEntityKindNames.begin(), kEntityKindNames.end());
  return names;
}

const std::vector<std::string>& EventStatusNames() {
  static const std::vector<std::string> names(kEventStatusNames.begin(), kEventStatusNames.end());
  return names;
}

std::string_view RecordTypeName(const Record& record) {
  struct Namer {
    std::string_view operator()(const Entity&) const { return "entity"; }
    std::string_view operator()(const Event&) const { return "event"; }
    std::string_view operator()(const Relation&) const { return "relation"; }
    std::string_view operator()(const Source&) const { return "source"; }
  };
  return std::visit(Namer{}, record);
}

const std::string& RecordId(const Record& record) {
  return std::visit([](const auto& typed) -> const std::string& { return typed.id; }, record);
}

}  // namespace chronicle
