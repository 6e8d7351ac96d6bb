#include "storage/timeline_pages.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <tuple>
#include <utility>

#include "storage/index_values.h"
#include "storage/key_codec.h"

namespace chronicle::storage {
namespace {

constexpr uint8_t kVersionedFlag = TimelinePage::kVersionedFlag;
constexpr size_t kTextColumns = TimelinePage::kTextColumns;
constexpr size_t kFixedBytesPerRow = 4 + 4 + 8 + 1 + 1 + 1;

template <typename T>
T LoadLittleEndian(const char* data) {
  T value;
  std::memcpy(&value, data, sizeof(T));  // x86-64 and aarch64 Linux are little-endian
  return value;
}

template <typename T>
void AppendLittleEndian(std::string* out, T value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out->append(bytes, sizeof(T));
}

static_assert(std::endian::native == std::endian::little,
              "timeline pages are read and written with native little-endian loads");

// The offsets of a page's texts: `count` of them, the first 0, non-decreasing, the last no more
// than `available`. Returns the last, or nullopt. Written without a loop-carried value, so that
// the compiler checks many offsets per instruction.
std::optional<size_t> CheckOffsets(const char* offsets, size_t count, size_t available) {
  if (LoadLittleEndian<uint32_t>(offsets) != 0) return std::nullopt;
  unsigned decreasing = 0;  // not bool: GCC 12 vectorises an OR of unsigned, not of bool
  for (size_t offset_idx = 0; offset_idx + 1 < count; ++offset_idx) {
    decreasing |= LoadLittleEndian<uint32_t>(offsets + (offset_idx + 1) * 4) <
                  LoadLittleEndian<uint32_t>(offsets + offset_idx * 4);
  }
  const uint32_t last = LoadLittleEndian<uint32_t>(offsets + (count - 1) * 4);
  if (decreasing != 0 || last > available) return std::nullopt;
  return last;
}

// The sum of the eight bytes of `lengths` (a row's text lengths).
uint32_t SumOfBytes(uint64_t lengths) {
  constexpr uint64_t kEvenBytes = 0x00FF00FF00FF00FFull;
  const uint64_t pairs = (lengths & kEvenBytes) + ((lengths >> 8) & kEvenBytes);  // 4 x 16 bits
  return static_cast<uint32_t>((pairs * 0x0001000100010001ull) >> 48);
}

// The (days, event id) order of rows, which is also the order of their keys.
int CompareRowKeys(int32_t a_earliest, int32_t a_latest, std::string_view a_id, int32_t b_earliest,
                   int32_t b_latest, std::string_view b_id) {
  if (a_earliest != b_earliest) return a_earliest < b_earliest ? -1 : 1;
  if (a_latest != b_latest) return a_latest < b_latest ? -1 : 1;
  return a_id.compare(b_id);
}

}  // namespace

bool TimelinePage::Parse(std::string_view value) {
  uint64_t rows = 0;
  if (!DecodeVarint64(&value, &rows) || rows == 0 || value.empty() ||
      rows > value.size() / kFixedBytesPerRow) {
    return false;
  }
  layout_ = static_cast<uint8_t>(value.front());
  if (layout_ != kLengthsLayout && layout_ != kOffsetsLayout) return false;
  value.remove_prefix(1);
  rows_ = static_cast<size_t>(rows);
  const char* at = value.data();
  earliest_ = at;
  latest_ = earliest_ + 4 * rows_;
  recorded_at_ = latest_ + 4 * rows_;
  status_ = recorded_at_ + 8 * rows_;
  flags_ = status_ + rows_;
  part_of_day_ = flags_ + rows_;
  // Statuses and parts of day in their ranges (unsigned and branch-free, so that it vectorises).
  constexpr uint8_t kFirstStatus = static_cast<uint8_t>(EventStatus::kOccurred);
  constexpr uint8_t kStatusRange = static_cast<uint8_t>(EventStatus::kPostponed) - kFirstStatus;
  constexpr uint8_t kMaxPart = static_cast<uint8_t>(PartOfDay::kNight) + 1;
  unsigned unknown = 0;
  for (size_t row_idx = 0; row_idx < rows_; ++row_idx) {
    unknown |= (static_cast<uint8_t>(static_cast<uint8_t>(status_[row_idx]) - kFirstStatus) >
                kStatusRange) |
               (static_cast<uint8_t>(part_of_day_[row_idx]) > kMaxPart);
  }
  if (unknown != 0) return false;
  value.remove_prefix(kFixedBytesPerRow * rows_);
  if (layout_ == kLengthsLayout) {
    const size_t lengths_bytes = kTextColumns * rows_;
    if (value.size() < lengths_bytes) return false;
    lengths_ = value.data();
    value.remove_prefix(lengths_bytes);
    // Each row's texts start where the row before ends; together they are the page's texts.
    starts_.resize(rows_);
    uint64_t start = 0;
    for (size_t row_idx = 0; row_idx < rows_; ++row_idx) {
      starts_[row_idx] = static_cast<uint32_t>(start);
      start += SumOfBytes(LoadLittleEndian<uint64_t>(lengths_ + kTextColumns * row_idx));
    }
    if (start != value.size()) return false;
  } else {
    const size_t offset_count = kTextColumns * rows_ + 1;
    if (value.size() / 4 < offset_count) return false;
    offsets_ = value.data();
    value.remove_prefix(offset_count * 4);
    const std::optional<size_t> text_bytes = CheckOffsets(offsets_, offset_count, value.size());
    if (!text_bytes || *text_bytes != value.size()) return false;
  }
  texts_ = value.data();
  return true;
}

size_t TimelinePage::LowerBound(int32_t earliest_day) const {
  size_t low = 0, high = rows_;
  while (low < high) {
    const size_t middle = low + (high - low) / 2;
    if (EarliestDay(middle) < earliest_day) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

size_t PageTextBytes(const TimelineRowView& row) {
  return row.event_id.size() + row.title.size() + row.kind.size() + row.when.size() +
         row.role.size() + row.place.size() + row.tz.size() + row.sources.packed().size();
}

void TimelinePageBuilder::Add(const TimelineRowView& row) {
  earliest_.push_back(row.earliest_day);
  latest_.push_back(row.latest_day);
  recorded_at_.push_back(row.recorded_at);
  status_.push_back(static_cast<char>(row.status));
  flags_.push_back(static_cast<char>(row.versioned ? kVersionedFlag : 0));
  part_of_day_.push_back(
      static_cast<char>(row.part_of_day ? static_cast<uint8_t>(*row.part_of_day) + 1 : 0));
  const std::string_view texts[kTextColumns] = {
      row.event_id, row.title, row.kind, row.when,
      row.role,     row.place, row.tz,   row.sources.packed()};
  for (std::string_view text : texts) {
    texts_.append(text);
    ends_.push_back(static_cast<uint32_t>(texts_.size()));
  }
}

std::string_view TimelinePageBuilder::last_event_id() const {
  // The last row's texts end at the last kTextColumns ends; its event id is the first of them.
  const size_t first = ends_.size() - kTextColumns;
  const uint32_t begin = first == 0 ? 0 : ends_[first - 1];
  return std::string_view(texts_).substr(begin, ends_[first] - begin);
}

std::string TimelinePageBuilder::Finish() {
  const size_t rows = size();
  bool short_texts = true;
  for (size_t text_idx = 0; text_idx < ends_.size(); ++text_idx) {
    const uint32_t begin = text_idx == 0 ? 0 : ends_[text_idx - 1];
    short_texts = short_texts && ends_[text_idx] - begin <= 0xff;
  }
  std::string out;
  out.reserve(16 + rows * kFixedBytesPerRow + (ends_.size() + 1) * 4 + texts_.size());
  AppendVarint64(&out, rows);
  out.push_back(
      static_cast<char>(short_texts ? TimelinePage::kLengthsLayout : TimelinePage::kOffsetsLayout));
  for (int32_t day : earliest_) AppendLittleEndian(&out, day);
  for (size_t row_idx = 0; row_idx < rows; ++row_idx) {
    AppendLittleEndian(
        &out, static_cast<uint32_t>(latest_[row_idx]) - static_cast<uint32_t>(earliest_[row_idx]));
  }
  for (int64_t seconds : recorded_at_) AppendLittleEndian(&out, seconds);
  out += status_;
  out += flags_;
  out += part_of_day_;
  if (short_texts) {
    for (size_t text_idx = 0; text_idx < ends_.size(); ++text_idx) {
      const uint32_t begin = text_idx == 0 ? 0 : ends_[text_idx - 1];
      out.push_back(static_cast<char>(ends_[text_idx] - begin));
    }
  } else {
    AppendLittleEndian<uint32_t>(&out, 0);
    for (uint32_t end : ends_) AppendLittleEndian(&out, end);
  }
  out += texts_;
  earliest_.clear();
  latest_.clear();
  recorded_at_.clear();
  status_.clear();
  flags_.clear();
  part_of_day_.clear();
  texts_.clear();
  ends_.clear();
  return out;
}

TimelinePageWriter::TimelinePageWriter(StoredPages* stored, Emit emit, Limits limits)
    : stored_(stored), emit_(std::move(emit)), limits_(limits) {
  limits_.page_rows = std::max<size_t>(limits_.page_rows, 1);
}

Status TimelinePageWriter::Add(std::string_view key, std::string_view value, bool is_delete) {
  TimelineKeyParts parts;
  if (!DecodeTimelineKey(key, &parts)) return Status::Corruption("bad timeline row key");
  if (!in_entity_ || parts.entity_iid != entity_iid_) {
    CHRONICLE_RETURN_IF_ERROR(FinishEntity());
    StartEntity(parts.entity_iid);
  }
  CHRONICLE_RETURN_IF_ERROR(Position(key));
  CHRONICLE_RETURN_IF_ERROR(MergeCurrentUpTo(parts.earliest_day, parts.latest_day, parts.event_id));
  if (is_delete) return Status::Ok();
  TimelineRowView row;
  uint64_t tx = 0;
  if (!DecodeTimelineValue(value, &tx, &row, &sources_) || row.event_id != parts.event_id) {
    return Status::Corruption("bad timeline row value");
  }
  row.earliest_day = parts.earliest_day;
  row.latest_day = parts.latest_day;
  return AddRow(row);
}

Status TimelinePageWriter::Finish() { return FinishEntity(); }

void TimelinePageWriter::StartEntity(uint64_t entity_iid) {
  in_entity_ = true;
  entity_iid_ = entity_iid;
  current_.reset();
  after_stored_ = false;
}

Status TimelinePageWriter::FinishEntity() {
  if (!in_entity_) return Status::Ok();
  if (current_) CHRONICLE_RETURN_IF_ERROR(DrainCurrent());
  CHRONICLE_RETURN_IF_ERROR(EmitPage());
  CHRONICLE_RETURN_IF_ERROR(EmitPendingDeletes());
  in_entity_ = false;
  return Status::Ok();
}

Status TimelinePageWriter::Position(std::string_view key) {
  if (current_) {
    if (key <= current_->key) return Status::Ok();
    // The row goes after the page being merged: is it in the next stored page?
    std::string after = current_->key;
    after.push_back('\0');  // the smallest key after it
    CHRONICLE_RETURN_IF_ERROR(DrainCurrent());
    Result<std::optional<StoredPages::Page>> next = stored_->FirstAtOrAfter(entity_iid_, after);
    if (!next.ok()) return next.status();
    if (!next->has_value()) {
      after_stored_ = true;
      return Status::Ok();
    }
    // The next page takes the row: the page being built goes on into it (small pages merge).
    if (key <= (*next)->key) return Load(std::move(**next));
    // Pages no change falls in lie between: what is built so far ends before them.
    CHRONICLE_RETURN_IF_ERROR(EmitPage());
  }
  if (after_stored_) return Status::Ok();
  Result<std::optional<StoredPages::Page>> page = stored_->FirstAtOrAfter(entity_iid_, key);
  if (!page.ok()) return page.status();
  if (page->has_value()) return Load(std::move(**page));
  // After every stored page: the last one takes the rows that follow. (It is not merged yet:
  // here either nothing of the entity was, or pages no change fell in came after the last
  // page merged, and the last stored page is one of them or after them.)
  after_stored_ = true;
  Result<std::optional<StoredPages::Page>> last = stored_->LastBefore(entity_iid_, key);
  if (!last.ok()) return last.status();
  if (!last->has_value()) return Status::Ok();
  CHRONICLE_RETURN_IF_ERROR(Load(std::move(**last)));
  // A full page stays as it is: the rows after it start a page of their own (appending to a
  // timeline does not rewrite its last page each time).
  if (current_->page.size() >= limits_.page_rows) {
    pending_deletes_.pop_back();
    current_.reset();
    return Status::Ok();
  }
  return DrainCurrent();
}

Status TimelinePageWriter::Load(StoredPages::Page page) {
  Loaded& loaded = current_.emplace();
  loaded.key = std::move(page.key);
  loaded.value = std::move(page.value);
  if (!loaded.page.Parse(loaded.value)) {
    return Status::Corruption("bad timeline page in the store");
  }
  pending_deletes_.push_back(loaded.key);
  return Status::Ok();
}

Status TimelinePageWriter::DrainCurrent() {
  Loaded& loaded = *current_;
  TimelineRowView row;
  for (; loaded.next_row < loaded.page.size(); ++loaded.next_row) {
    loaded.page.Row(loaded.next_row, &row);
    CHRONICLE_RETURN_IF_ERROR(AddRow(row));
  }
  current_.reset();
  return Status::Ok();
}

Status TimelinePageWriter::MergeCurrentUpTo(int32_t earliest_day, int32_t latest_day,
                                            std::string_view event_id) {
  if (!current_) return Status::Ok();
  Loaded& loaded = *current_;
  TimelineRowView row;
  for (; loaded.next_row < loaded.page.size(); ++loaded.next_row) {
    loaded.page.Row(loaded.next_row, &row);
    const int order = CompareRowKeys(row.earliest_day, row.latest_day, row.event_id, earliest_day,
                                     latest_day, event_id);
    if (order > 0) break;
    if (order == 0) {  // the change replaces or deletes this row
      ++loaded.next_row;
      break;
    }
    CHRONICLE_RETURN_IF_ERROR(AddRow(row));
  }
  return Status::Ok();
}

Status TimelinePageWriter::AddRow(const TimelineRowView& row) {
  if (limits_.EndsBefore(out_, row)) CHRONICLE_RETURN_IF_ERROR(EmitPage());
  out_.Add(row);
  return Status::Ok();
}

Status TimelinePageWriter::EmitPage() {
  if (out_.empty()) return Status::Ok();
  const std::string key = TimelineKey(
      {entity_iid_, out_.last_earliest_day(), out_.last_latest_day(), out_.last_event_id()});
  const std::string value = out_.Finish();
  while (!pending_deletes_.empty() && pending_deletes_.front() <= key) {
    if (pending_deletes_.front() != key) {  // an old key equal to the new one is overwritten
      CHRONICLE_RETURN_IF_ERROR(emit_(pending_deletes_.front(), "", /*is_delete=*/true));
    }
    pending_deletes_.pop_front();
  }
  return emit_(key, value, /*is_delete=*/false);
}

Status TimelinePageWriter::EmitPendingDeletes() {
  for (const std::string& key : pending_deletes_) {
    CHRONICLE_RETURN_IF_ERROR(emit_(key, "", /*is_delete=*/true));
  }
  pending_deletes_.clear();
  return Status::Ok();
}

}  // namespace chronicle::storage
