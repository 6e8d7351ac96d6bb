// Timeline pages: how the `timeline` column family keeps each entity's rows (store format
// chronicle-store-4).
//
// One entry per row made a timeline of 1,000 rows cost 1,000 RocksDB keys: ~110 ns each to step
// over (tests/bench/rocksdb_floor), half of an in-process query. A page packs up to
// Limits::page_rows consecutive rows of one entity's timeline, in TimelineOrder, under the
// TimelineKey of its LAST row, so that:
//   - an entity's pages are disjoint and in key order, and Seek(TimelineSeekKey(entity, day))
//     lands on the page holding the first row that starts on or after `day` (its last row is
//     at or after that key);
//   - the key codec is unchanged: a page key is a row key.
// Within a page the fixed-width fields are stored by column and the texts behind one table of
// offsets, so that a scan makes a row's view with a few loads from two places and no decoding
// (TimelinePage::Row): one text column per field, each with its own offsets, cost a 1,000-row
// scan twice the instructions.
//
// Page value (fixed-width integers little-endian; THIS IS ON-DISK FORMAT):
//   varint n (rows, >= 1), u8 offset width w (2 or 4)
//   n x i32 earliest day, n x i32 latest day, n x i64 recorded-at (Unix seconds)
//   n x u8 status, n x u8 flags (1 = the event has several versions),
//   n x u8 part of day (0 none, else PartOfDay + 1)
//   8n + 1 offsets of w bytes (the first 0, non-decreasing), then the texts: row i's text t
//   (0 event id, 1 title, 2 kind, 3 when, 4 role, 5 place, 6 tz, 7 sources) is
//   texts[offset 8i + t, offset 8i + t + 1). A row's sources are its source ids, each followed
//   by '\0' (SourceIdList).
//
// Imports write rows, not pages: the import's entries for the family (a Put of a row's
// EncodeTimelineValue under its TimelineKey, or a Delete of a row's key) reach a
// TimelinePageWriter in key order, which merges them into the entity's stored pages and puts
// and deletes whole pages.
#ifndef CHRONICLE_STORAGE_TIMELINE_PAGES_H_
#define CHRONICLE_STORAGE_TIMELINE_PAGES_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/timeline.h"

namespace chronicle::storage {

// One page, parsed: the positions of its columns in the value it was parsed from (which must
// outlive it). Parsing checks the whole layout (sizes, offsets, statuses, parts of day), so
// that reading a row needs no checks.
class TimelinePage {
 public:
  // False when `value` is not a well-formed page.
  [[nodiscard]] bool Parse(std::string_view value);
  size_t size() const { return rows_; }
  // The days of row `row_idx`, without making its view. REQUIRES: row_idx < size().
  int32_t EarliestDay(size_t row_idx) const { return Load<int32_t>(earliest_ + 4 * row_idx); }
  int32_t LatestDay(size_t row_idx) const { return Load<int32_t>(latest_ + 4 * row_idx); }
  // Fills *row with row `row_idx`, pointing into the page's value.
  // REQUIRES: row_idx < size(); row not null.
  void Row(size_t row_idx, TimelineRowView* row) const;
  // The first row whose earliest day is >= earliest_day (size() when none).
  size_t LowerBound(int32_t earliest_day) const;

  // A row's texts, in page order.
  enum TextIndex : size_t { kEventId, kTitle, kKind, kWhen, kRole, kPlace, kTz, kSources };
  static constexpr size_t kTextColumns = kSources + 1;
  static constexpr uint8_t kVersionedFlag = 1;  // in a row's flags

 private:
  template <typename T>
  static T Load(const char* data) {
    T value;
    std::memcpy(&value, data, sizeof(T));  // pages are little-endian, as the machines we build for
    return value;
  }
  template <typename Offset>
  void Texts(size_t row_idx, TimelineRowView* row) const;

  size_t rows_ = 0;
  uint8_t offset_width_ = 2;
  const char* earliest_ = nullptr;
  const char* latest_ = nullptr;
  const char* recorded_at_ = nullptr;
  const char* status_ = nullptr;
  const char* flags_ = nullptr;
  const char* part_of_day_ = nullptr;
  const char* offsets_ = nullptr;
  const char* texts_ = nullptr;
};

// Inline: a scan makes a view of every row it passes on.
template <typename Offset>
inline void TimelinePage::Texts(size_t row_idx, TimelineRowView* row) const {
  Offset offsets[kTextColumns + 1];
  std::memcpy(offsets, offsets_ + row_idx * kTextColumns * sizeof(Offset), sizeof(offsets));
  auto text = [this, &offsets](size_t column) {
    return std::string_view(texts_ + offsets[column], offsets[column + 1] - offsets[column]);
  };
  row->event_id = text(kEventId);
  row->title = text(kTitle);
  row->kind = text(kKind);
  row->when = text(kWhen);
  row->role = text(kRole);
  row->place = text(kPlace);
  row->tz = text(kTz);
  row->sources = SourceIdList(text(kSources));
}

inline void TimelinePage::Row(size_t row_idx, TimelineRowView* row) const {
  row->earliest_day = Load<int32_t>(earliest_ + 4 * row_idx);
  row->latest_day = Load<int32_t>(latest_ + 4 * row_idx);
  row->recorded_at = Load<int64_t>(recorded_at_ + 8 * row_idx);
  row->status = static_cast<EventStatus>(status_[row_idx]);
  row->versioned = (static_cast<uint8_t>(flags_[row_idx]) & kVersionedFlag) != 0;
  const uint8_t part = static_cast<uint8_t>(part_of_day_[row_idx]);
  row->part_of_day =
      part == 0 ? std::nullopt : std::optional<PartOfDay>(static_cast<PartOfDay>(part - 1));
  if (offset_width_ == 2) {
    Texts<uint16_t>(row_idx, row);
  } else {
    Texts<uint32_t>(row_idx, row);
  }
}

// Builds one page value from rows added in TimelineOrder (the order is the caller's to keep).
class TimelinePageBuilder {
 public:
  void Add(const TimelineRowView& row);
  size_t size() const { return earliest_.size(); }
  bool empty() const { return earliest_.empty(); }
  // The bytes of text the page holds so far.
  size_t text_bytes() const { return texts_.size(); }
  // The last row's days and event id (what the page's key is made of). REQUIRES: !empty().
  int32_t last_earliest_day() const { return earliest_.back(); }
  int32_t last_latest_day() const { return latest_.back(); }
  std::string_view last_event_id() const;
  // The page's value; the builder is empty again afterwards. REQUIRES: !empty().
  std::string Finish();

 private:
  std::vector<int32_t> earliest_, latest_;
  std::vector<int64_t> recorded_at_;
  std::string status_, flags_, part_of_day_;
  std::string texts_;
  std::vector<uint32_t> ends_;  // of each text of each row, in page order
};

// The bytes a row adds to a page's texts (what TimelinePageBuilder::text_bytes counts).
size_t PageTextBytes(const TimelineRowView& row);

// The pages an import finds stored (the store as it was before the import), for
// TimelinePageWriter. Implemented over RocksDB by the import (store_import.cc), over a map by
// tests.
class StoredPages {
 public:
  struct Page {
    std::string key;  // TimelineKey of its last row
    std::string value;
  };
  virtual ~StoredPages() = default;
  // The entity's first stored page whose key is >= `key`; nullopt when there is none.
  [[nodiscard]] virtual Result<std::optional<Page>> FirstAtOrAfter(uint64_t entity_iid,
                                                                   std::string_view key) = 0;
  // The entity's last stored page whose key is < `key`; nullopt when there is none.
  [[nodiscard]] virtual Result<std::optional<Page>> LastBefore(uint64_t entity_iid,
                                                               std::string_view key) = 0;
};

// Turns an import's row entries for the timeline family into page entries. Rows are merged into
// the stored page they fall in (the first page whose key is at or after theirs; rows after an
// entity's last page go into that page), and every page a change touches is written again:
// its old key deleted, unless a new page ends on the same row, and new pages put. Pages are cut
// when they reach `page_rows` rows or `page_bytes` of text and another row follows, so a bulk
// import fills them and an insertion into a full page splits it. Pages no change falls in are
// left as they are. Emits in strictly increasing key order (what SstFileWriter requires).
// Memory: one page being built and one stored page being merged, whatever the input.
// Thread-safety: one thread.
class TimelinePageWriter {
 public:
  struct Limits {
    // Default: 128 rows (a 1,000-row timeline is 8 keys) and 32 KiB of text.
    size_t page_rows = 128;
    size_t page_bytes = size_t{32} << 10;
  };
  using Emit = std::function<Status(std::string_view key, std::string_view value, bool is_delete)>;

  // `stored` must outlive the writer.
  TimelinePageWriter(StoredPages* stored, Emit emit, Limits limits);

  // One row entry: a Put of `value` (EncodeTimelineValue) under `key` (TimelineKey), or a
  // Delete of that row (value ignored). Deleting a row that is not stored does nothing.
  // Errors: Corruption for a malformed key, value or stored page; whatever Emit or `stored`
  // return. REQUIRES: keys strictly increasing across calls.
  [[nodiscard]] Status Add(std::string_view key, std::string_view value, bool is_delete);
  // Writes what is pending. REQUIRES: called once, after the last Add.
  [[nodiscard]] Status Finish();

 private:
  struct Loaded {
    std::string key;
    std::string value;
    TimelinePage page;
    size_t next_row = 0;  // the first row not yet merged
  };

  Status StartEntity(uint64_t entity_iid);
  Status FinishEntity();
  // Makes current_ the stored page the row `key` falls in (draining and writing out the pages
  // before it), or leaves it empty when the row goes after every stored page of the entity.
  Status Position(std::string_view key);
  Status Load(StoredPages::Page page);
  // Copies the rest of current_'s rows to the page being built and forgets current_.
  Status DrainCurrent();
  // Copies current_'s rows that sort before (days, event_id); skips the one equal to it.
  Status MergeCurrentUpTo(int32_t earliest_day, int32_t latest_day, std::string_view event_id);
  Status AddRow(const TimelineRowView& row);
  // Emits the page being built (after the old page keys that sort before it).
  Status EmitPage();
  Status EmitPendingDeletes();

  StoredPages* stored_;
  Emit emit_;
  Limits limits_;
  bool in_entity_ = false;
  uint64_t entity_iid_ = 0;
  std::optional<Loaded> current_;
  bool after_stored_ = false;  // every stored page of the entity before the position is merged
  TimelinePageBuilder out_;
  std::deque<std::string> pending_deletes_;  // keys of loaded pages, not yet deleted, in order
  std::string sources_;  // scratch for row views
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_TIMELINE_PAGES_H_
