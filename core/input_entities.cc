#include "core/input_entities.h"

#include <functional>

#include "core/status.h"
#include "core/text.h"

namespace chronicle {
namespace {

uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

InputEntities::InputEntities()
    : id_index_(0, IdHash{this}, IdEq{this}), name_index_(0, NameHash{this}, NameEq{this}) {}

size_t InputEntities::IdHash::operator()(uint32_t position) const {
  return HashText(owner->ids_[position]);
}
size_t InputEntities::IdHash::operator()(std::string_view id) const { return HashText(id); }
bool InputEntities::IdEq::operator()(uint32_t position, std::string_view id) const {
  return owner->ids_[position] == id;
}

size_t InputEntities::NameHash::operator()(uint32_t position) const {
  return owner->names_[position].normalized_hash;
}
// Names are compared by hash first; only a name whose hash matches is normalised again (a true
// match: a name shared by entities, or an alias equal to the name, both rare).
bool InputEntities::NameEq::operator()(uint32_t position, const NormalizedKey& key) const {
  const Name& name = owner->names_[position];
  if (name.normalized_hash != key.hash) return false;
  Result<std::string> normalized = NormalizeName(name.text);
  return normalized.ok() && *normalized == key.text;
}

void InputEntities::Add(std::string_view id, std::string_view name,
                        const std::vector<std::string>& aliases) {
  uint32_t entity;
  if (auto it = id_index_.find(id); it != id_index_.end()) {
    entity = *it;
  } else {
    entity = static_cast<uint32_t>(ids_.size());
    ids_.emplace_back(id);
    id_index_.insert(entity);
  }
  AddName(name, entity);
  for (const std::string& alias : aliases) AddName(alias, entity);
}

void InputEntities::AddName(std::string_view text, uint32_t entity) {
  Result<std::string> normalized = NormalizeName(text);
  if (!normalized.ok()) return;
  const NormalizedKey key{*normalized, HashText(*normalized)};
  const auto position = static_cast<uint32_t>(names_.size());
  names_.push_back(Name{std::string(text), key.hash, entity, kNoName});
  if (auto first = name_index_.find(key); first != name_index_.end()) {
    // Chained after the first name of this form (order within a chain does not matter).
    names_[position].next_same = names_[*first].next_same;
    names_[*first].next_same = position;
  } else {
    name_index_.insert(position);
  }
}

bool InputEntities::Contains(std::string_view id) const { return id_index_.contains(id); }

void InputEntities::IdsNamed(std::string_view normalized, std::set<std::string>* ids) const {
  auto first = name_index_.find(NormalizedKey{normalized, HashText(normalized)});
  if (first == name_index_.end()) return;
  for (uint32_t position = *first; position != kNoName; position = names_[position].next_same) {
    ids->insert(ids_[names_[position].entity]);
  }
}

std::vector<std::string_view> InputEntities::Names() const {
  std::vector<std::string_view> names;
  names.reserve(names_.size());
  for (const Name& name : names_) names.push_back(name.text);
  return names;
}

}  // namespace chronicle
