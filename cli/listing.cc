#include "cli/listing.h"

namespace chronicle::cli {

Result<InstantOrderedListing> InstantOrderedListing::Prepare(RowScan scan,
                                                             bool may_have_instants) {
  InstantOrderedListing listing;
  bool any_instants = false;
  if (may_have_instants) {
    CHRONICLE_RETURN_IF_ERROR(scan([&any_instants](const TimelineRowView& row) {
      any_instants = any_instants || HasInstants(row);
    }));
  }
  if (any_instants) {
    std::vector<TimelineRow> rows;
    CHRONICLE_RETURN_IF_ERROR(
        scan([&rows](const TimelineRowView& row) { rows.push_back(ToRow(row)); }));
    SortByInstant(&rows);
    listing.sorted_ = std::move(rows);
  }
  listing.scan_ = std::move(scan);
  return listing;
}

Status InstantOrderedListing::Write(const storage::RowViewVisitor& write) const {
  if (!sorted_) return scan_(write);
  std::string sources;
  for (const TimelineRow& row : *sorted_) write(ViewOf(row, &sources));
  return Status::Ok();
}

Result<size_t> PrintListingTable(std::ostream& out, Table& table, const RowScan& scan,
                                 bool may_have_instants, const CellsOf& cells_of,
                                 const std::function<void(size_t)>& before_table,
                                 size_t keep_bytes) {
  const TakeCells keep = [&table](std::initializer_list<std::string_view> cells) {
    table.AddRow(cells);
  };
  const TakeCells measure = [&table](std::initializer_list<std::string_view> cells) {
    table.MeasureRow(cells);
  };
  InstantOrdering ordering;  // only when some row may have instants
  size_t count = 0;
  bool kept_all = true;
  CHRONICLE_RETURN_IF_ERROR(scan([&](const TimelineRowView& row) {
    ++count;
    if (may_have_instants) ordering.Add(row);
    if (!kept_all) {
      cells_of(row, measure);
      return;
    }
    cells_of(row, keep);
    if (table.stored_bytes() > keep_bytes) {
      kept_all = false;
      table.DropRows();
    }
  }));
  before_table(count);
  if (count == 0) return count;
  if (kept_all || ordering.any_instants()) {
    // Kept whole: a longer listing with instants is scanned again and kept after all.
    if (!kept_all) {
      CHRONICLE_RETURN_IF_ERROR(
          scan([&](const TimelineRowView& row) { cells_of(row, keep); }));
    }
    if (ordering.any_instants()) {
      table.Print(out, ordering.Order());
    } else {
      table.Print(out);
    }
    return count;
  }
  Table::Writer writer(table, out);
  const TakeCells print = [&writer](std::initializer_list<std::string_view> cells) {
    writer.Row(cells);
  };
  CHRONICLE_RETURN_IF_ERROR(scan([&](const TimelineRowView& row) { cells_of(row, print); }));
  return count;
}

}  // namespace chronicle::cli
