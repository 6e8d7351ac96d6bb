// TimelineRowSet: the rows of a timeline or an event listing, kept (Store::CollectTimeline,
// Store::CollectEvents).
//
// A vector of TimelineRows costs a thousand rows a thousand objects and their strings (two
// allocations a row at least: the title and the list of sources); collecting them was most of
// an in-process query. A row set keeps copies of the timeline pages its rows were read from
// (storage/timeline_pages.h), a few copies for a thousand rows, and a reference to each row;
// rows from elsewhere (an event listing's rows, the rows --as-of resolves from versions, a
// store of format chronicle-store-3) are packed into pages of the set's own as they come. Row
// `i` is a view into those pages, made when asked for.
// Views stay valid while the set lives, also across moves of the set; they are not valid
// after it is destroyed. Thread-safety: const members may be called from several threads.
#ifndef CHRONICLE_STORAGE_TIMELINE_ROW_SET_H_
#define CHRONICLE_STORAGE_TIMELINE_ROW_SET_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/timeline.h"
#include "storage/timeline_pages.h"

namespace chronicle::storage {

class TimelineRowSet {
 public:
  TimelineRowSet();
  TimelineRowSet(TimelineRowSet&&) noexcept;
  TimelineRowSet& operator=(TimelineRowSet&&) noexcept;
  ~TimelineRowSet();

  size_t size() const { return refs_.size(); }
  bool empty() const { return refs_.empty(); }
  // Row `index` (in the listing's order). REQUIRES: index < size().
  TimelineRowView operator[](size_t index) const;

  class Iterator {
   public:
    using value_type = TimelineRowView;
    using difference_type = std::ptrdiff_t;
    Iterator() = default;
    Iterator(const TimelineRowSet* set, size_t index) : set_(set), index_(index) {}
    TimelineRowView operator*() const { return (*set_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator before = *this;
      ++index_;
      return before;
    }
    bool operator==(const Iterator& other) const { return index_ == other.index_; }

   private:
    const TimelineRowSet* set_ = nullptr;
    size_t index_ = 0;
  };
  Iterator begin() const { return Iterator(this, 0); }
  Iterator end() const { return Iterator(this, size()); }

  // ---- Filling (storage's scans: Store::Impl::CollectRowSet) ----
  // The stored page the next AddStoredRow calls refer to; it is copied at the first of them
  // (a page none of whose rows is kept is not). `page_value` must stay valid until the next
  // BeginStoredPage or AddRow. REQUIRES: page_value parses as a page.
  void BeginStoredPage(std::string_view page_value);
  // Row `row_idx` of the page given to BeginStoredPage.
  void AddStoredRow(size_t row_idx);
  // Any other row: copied into the set's own pages.
  void AddRow(const TimelineRowView& row);
  // Packs the rows AddRow took since the last page of the set's own. REQUIRES: called after
  // the last Add, before the set is read.
  void Seal();

 private:
  struct Ref {
    uint32_t page;
    uint32_t row;
  };
  // The copies of pages and their parses. Deques, so that adding a page never moves the
  // others (parses point into the copies, views into both).
  struct Pages {
    std::deque<std::string> values;
    std::deque<TimelinePage> parsed;
  };
  uint32_t AddPage(std::string value);

  std::unique_ptr<Pages> pages_;  // behind a pointer: moving the set keeps views valid
  std::vector<Ref> refs_;
  std::string_view stored_page_;  // BeginStoredPage's, not copied yet when stored_copied_ is false
  bool stored_copied_ = false;
  uint32_t stored_index_ = 0;     // its index in pages_ once copied
  TimelinePageBuilder own_;       // rows of AddRow not yet in a page
  std::vector<size_t> own_refs_;  // the refs_ of the rows in own_, whose page is not known yet
};

}  // namespace chronicle::storage

#endif  // CHRONICLE_STORAGE_TIMELINE_ROW_SET_H_
