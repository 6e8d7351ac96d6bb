// Listings (timeline, events) in the order SortByInstant gives, holding as few rows as they
// can: as a table (PrintListingTable) or passed on row by row (InstantOrderedListing, for JSON).
#ifndef CHRONICLE_CLI_LISTING_H_
#define CHRONICLE_CLI_LISTING_H_

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <optional>
#include <ostream>
#include <string_view>
#include <vector>

#include "cli/table.h"
#include "core/status.h"
#include "core/timeline.h"
#include "storage/store.h"

namespace chronicle::cli {

// A listing's scan: runs Store::ScanTimelineViews or Store::ScanEventsViews with the visitor it
// is given (rows as views: a listing copies a row only when it must keep it, below). Every run
// must pass the same rows (the CLI's stores are read-only: they do not see later imports).
using RowScan = std::function<Status(const storage::RowViewVisitor&)>;

// Turns a row into its cells: calls `take` once with them.
using TakeCells = std::function<void(std::initializer_list<std::string_view>)>;
using CellsOf = std::function<void(const TimelineRowView& row, const TakeCells& take)>;

// A listing written in the order SortByInstant gives, without holding its rows when it can.
// When the store MayHaveInstants, Prepare scans once to learn whether any row HasInstants
// (rarely: a zone, a part of day or a time of day); when it may not, that scan is skipped. If
// no row has, the scan's own order is the instant order and Write scans, passing each row on
// as it is read: a 300,000-row JSON export took 219 MB when collected. Otherwise Prepare
// collects and sorts the rows. Errors of a scan that Prepare runs come before anything is
// written; when Prepare skips its scan, an error met by Write (a damaged store) ends the output
// early and is returned.
class InstantOrderedListing {
 public:
  [[nodiscard]] static Result<InstantOrderedListing> Prepare(RowScan scan,
                                                             bool may_have_instants);
  // Passes every row to `write`, in order.
  [[nodiscard]] Status Write(const storage::RowViewVisitor& write) const;

 private:
  RowScan scan_;
  std::optional<std::vector<TimelineRow>> sorted_;  // set when some row has instants
};

// How much of a listing's rows PrintListingTable keeps by default: about 4.5M timeline rows.
// Past it a listing is scanned twice, which took a 2.76M-row timeline from 1.1 s to 1.7 s
// when this was 64 MiB: the limit is a bound on memory, not a speed-up.
inline constexpr size_t kListingTableBytes = size_t{512} << 20;

// Prints the rows `scan` passes as rows of `table`, in the order SortByInstant gives, and
// returns their number. First `before_table(count)` prints what comes before the table; the
// table (header and rows) follows when count > 0.
// Rows are kept in the table up to about `keep_bytes`. A longer listing is measured to its end
// (every row widens the columns), then scanned again and printed row by row as it is read, so
// that a listing of any length prints in bounded memory (a 2.76M-row timeline keeps ~300 MB).
// Only when the store MayHaveInstants and some row has instants is a longer listing kept whole:
// its order is known only at its end. Errors are the scan's; an error of the second scan
// comes after part of the table was printed.
[[nodiscard]] Result<size_t> PrintListingTable(std::ostream& out, Table& table,
                                               const RowScan& scan, bool may_have_instants,
                                               const CellsOf& cells_of,
                                               const std::function<void(size_t)>& before_table,
                                               size_t keep_bytes = kListingTableBytes);

}  // namespace chronicle::cli

#endif  // CHRONICLE_CLI_LISTING_H_
