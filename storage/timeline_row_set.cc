#include "storage/timeline_row_set.h"

#include <utility>

namespace chronicle::storage {

TimelineRowSet::TimelineRowSet() : pages_(std::make_unique<Pages>()) {}
TimelineRowSet::TimelineRowSet(TimelineRowSet&&) noexcept = default;
TimelineRowSet& TimelineRowSet::operator=(TimelineRowSet&&) noexcept = default;
TimelineRowSet::~TimelineRowSet() = default;

TimelineRowView TimelineRowSet::operator[](size_t index) const {
  const Ref ref = refs_[index];
  TimelineRowView row;
  pages_->parsed[ref.page].Row(ref.row, &row);
  return row;
}

uint32_t TimelineRowSet::AddPage(std::string value) {
  pages_->values.push_back(std::move(value));
  TimelinePage& page = pages_->parsed.emplace_back();
  // The page parsed where it came from (a stored page) or was built here.
  [[maybe_unused]] const bool parsed = page.Parse(pages_->values.back());
  return static_cast<uint32_t>(pages_->parsed.size() - 1);
}

void TimelineRowSet::BeginStoredPage(std::string_view page_value) {
  stored_page_ = page_value;
  stored_copied_ = false;
}

void TimelineRowSet::AddStoredRow(size_t row_idx) {
  if (!stored_copied_) {
    stored_index_ = AddPage(std::string(stored_page_));
    stored_copied_ = true;
  }
  refs_.push_back({stored_index_, static_cast<uint32_t>(row_idx)});
}

void TimelineRowSet::AddRow(const TimelineRowView& row) {
  if (TimelinePageWriter::Limits{}.EndsBefore(own_, row)) Seal();
  own_refs_.push_back(refs_.size());
  refs_.push_back({0, static_cast<uint32_t>(own_.size())});
  own_.Add(row);
}

void TimelineRowSet::Seal() {
  if (own_.empty()) return;
  const uint32_t page = AddPage(own_.Finish());
  for (size_t ref_idx : own_refs_) refs_[ref_idx].page = page;
  own_refs_.clear();
}

}  // namespace chronicle::storage
