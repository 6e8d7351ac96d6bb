#include "core/status.h"

namespace chronicle {

Status Status::At(std::string file, int64_t line) const {
  Status copy = *this;
  if (!file.empty()) copy.location_.file = std::move(file);
  if (line > 0) copy.location_.line = line;
  return copy;
}

Status Status::WithField(std::string field) const {
  Status copy = *this;
  if (!field.empty()) copy.location_.field = std::move(field);
  return copy;
}

Status Status::InField(const std::string& parent) const {
  Status copy = *this;
  if (parent.empty()) return copy;
  if (copy.location_.field.empty()) {
    copy.location_.field = parent;
  } else if (copy.location_.field.front() == '[') {
    copy.location_.field = parent + copy.location_.field;
  } else {
    copy.location_.field = parent + "." + copy.location_.field;
  }
  return copy;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out;
  if (!location_.file.empty()) {
    out += location_.file;
    if (location_.line > 0) {
      out += ':';  // not ":" + std::to_string(...): GCC 12's false -Wrestrict (its bug 105651)
      out += std::to_string(location_.line);
    }
    out += ": ";
  } else if (location_.line > 0) {
    out += "line " + std::to_string(location_.line) + ": ";
  }
  if (!location_.field.empty()) out += location_.field + ": ";
  out += message_;
  return out;
}

}  // namespace chronicle
