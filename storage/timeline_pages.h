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
// Within a page the fixed-width fields are stored by column, and each row's eight texts one
// after the other with a byte of length each, so that a scan makes a row's view with a few
// loads and no decoding (TimelinePage::Row). Measured on the 1M-event benchmark store: one text
// column per field with 16-bit offsets each cost a 1,000-row scan twice the instructions; one
// table of 16-bit offsets for all texts made the family 11% larger than one row per key
// (125 MB against 113; offsets do not compress); lengths: 98 MB, and fewer instructions.
//
// Page value (fixed-width integers little-endian; THIS IS ON-DISK FORMAT):
//   varint n (rows, >= 1), u8 text layout (kLengthsLayout or kOffsetsLayout)
//   n x i32 earliest day, n x u32 latest day minus earliest day (modulo 2^32; mostly 0),
//   n x i64 recorded-at (Unix seconds), n x u8 status, n x u8 flags (1 = the event has several
//   versions), n x u8 part of day (0 none, else PartOfDay + 1)
//   kLengthsLayout, when every text is shorter than 256 bytes: n x 8 u8 lengths, row by row;
//   kOffsetsLayout, otherwise: 8n + 1 u32 offsets (the first 0, non-decreasing), row i's text t
//   being texts[offset 8i + t, offset 8i + t + 1);
//   then the texts, row by row, each row's in this order: 0 event id, 1 title, 2 kind, 3 when,
//   4 role, 5 place, 6 tz, 7 sources (its source ids, each followed by '\0': SourceIdList).
// Lengths cost a byte a text and repeat from row to row, so LZ4 takes most of them; a row's
// texts are found from its start (worked out once per page) and one 8-byte load.
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
// outlive it). Parsing checks the whole layout (sizes, lengths or offsets, statuses, parts of
// day), so that reading a row needs no checks. A page object may be parsed again and again
// (a scan reuses one): it keeps its buffer.
class TimelinePage {
 public:
  // False when `value` is not a well-formed page.
  [[nodiscard]] bool Parse(std::string_view value);
  size_t size() const { return rows_; }
  // The days of row `row_idx`, without making its view. REQUIRES: row_idx < size().
  int32_t EarliestDay(size_t row_idx) const { return Load<int32_t>(earliest_ + 4 * row_idx); }
  int32_t LatestDay(size_t row_idx) const {
    return static_cast<int32_t>(static_cast<uint32_t>(EarliestDay(row_idx)) +
                                Load<uint32_t>(latest_ + 4 * row_idx));
  }
  // Fills *row with row `row_idx`, pointing into the page's value.
  // REQUIRES: row_idx < size(); row not null.
  void Row(size_t row_idx, TimelineRowView* row) const;
  // The first row whose earliest day is >= earliest_day (size() when none).
  size_t LowerBound(int32_t earliest_day) const;

  // A row's texts, in page order.
  enum TextIndex : size_t { kEventId, kTitle, kKind, kWhen, kRole, kPlace, kTz, kSources };
  static constexpr size_t kTextColumns = kSources + 1;
  static constexpr uint8_t kVersionedFlag = 1;  // in a row's flags
  static constexpr uint8_t kLengthsLayout = 1;
  static constexpr uint8_t kOffsetsLayout = 4;

 private:
  template <typename T>
  static T Load(const char* data) {
    T value;
    std::memcpy(&value, data, sizeof(T));  // pages are little-endian, as the machines we build for
    return value;
  }

  size_t rows_ = 0;
  uint8_t layout_ = kLengthsLayout;
  const char* earliest_ = nullptr;
  const char* latest_ = nullptr;
  const char* recorded_at_ = nullptr;
  const char* status_ = nullptr;
  const char* flags_ = nullptr;
  const char* part_of_day_ = nullptr;
  const char* lengths_ = nullptr;  // kLengthsLayout
  const char* offsets_ = nullptr;  // kOffsetsLayout
  const char* texts_ = nullptr;
  std::vector<uint32_t> starts_;  // kLengthsLayout: where each row's texts start
};

// Inline: a scan makes a view of every row it passes on.
inline void TimelinePage::Row(size_t row_idx, TimelineRowView* row) const {
  row->earliest_day = EarliestDay(row_idx);
  row->latest_day = LatestDay(row_idx);
  row->recorded_at = Load<int64_t>(recorded_at_ + 8 * row_idx);
  row->status = static_cast<EventStatus>(status_[row_idx]);
  row->versioned = (static_cast<uint8_t>(flags_[row_idx]) & kVersionedFlag) != 0;
  const uint8_t part = static_cast<uint8_t>(part_of_day_[row_idx]);
  row->part_of_day =
      part == 0 ? std::nullopt : std::optional<PartOfDay>(static_cast<PartOfDay>(part - 1));
  if (layout_ == kLengthsLayout) {
    const char* text = texts_ + starts_[row_idx];
    uint64_t lengths = Load<uint64_t>(lengths_ + kTextColumns * row_idx);
    auto next = [&text, &lengths] {
      const size_t length = lengths & 0xff;
      const std::string_view out(text, length);
      text += length;
      lengths >>= 8;
      return out;
    };
    row->event_id = next();
    row->title = next();
    row->kind = next();
    row->when = next();
    row->role = next();
    row->place = next();
    row->tz = next();
    row->sources = SourceIdList(next());
    return;
  }
  uint32_t offsets[kTextColumns + 1];
  std::memcpy(offsets, offsets_ + row_idx * kTextColumns * 4, sizeof(offsets));
  auto text = [this, &offsets](size_t text_idx) {
    return std::string_view(texts_ + offsets[text_idx], offsets[text_idx + 1] - offsets[text_idx]);
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
    // Whether `page` is done before `next` would go in: it holds a row, and it has page_rows
    // rows or `next` would take its texts past page_bytes. (A lone row larger than page_bytes
    // makes a page of its own.)
    bool EndsBefore(const TimelinePageBuilder& page, const TimelineRowView& next) const {
      return !page.empty() &&
             (page.size() >= page_rows || page.text_bytes() + PageTextBytes(next) > page_bytes);
    }
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

  void StartEntity(uint64_t entity_iid);
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
  std::string sources_;                      // scratch for row views
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_TIMELINE_PAGES_H_
