// chronicle plans : what was planned as of a time, and what became of each plan since.
#include <chrono>
#include <iostream>

#include "cli/commands.h"
#include "cli/table.h"

namespace chronicle::cli {
namespace {

int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Plans are events (PlansAsOf skips other records); a non-event gives an empty event.
const Event& EventOf(const RecordVersion& version) {
  static const Event kNoEvent;
  const Event* event = std::get_if<Event>(&version.record);
  return event != nullptr ? *event : kNoEvent;
}

// "occurred 2025-02-05", "cancelled", "planned 2025-02-11/2025-02-13"; "(updated)" is added
// when neither status nor date changed, only other fields.
std::string OutcomeText(const PlanOutcome& plan) {
  if (!plan.outcome) return "no later news";
  const Event& planned = EventOf(plan.planned);
  const Event& outcome = EventOf(*plan.outcome);
  if (outcome.status == EventStatus::kCancelled) return "cancelled";
  std::string text = std::string(EventStatusName(outcome.status)) + " " + outcome.when.ToString();
  if (outcome.status == planned.status && outcome.when == planned.when) text += " (updated)";
  return text;
}

// "reuters-2025-02-05 (2025-02-05)": the source and record time of the outcome.
std::string ReportedBy(const PlanOutcome& plan) {
  if (!plan.outcome) return "";
  return SourceLabelOf(plan.outcome->source) + " (" + FormatRecordTime(plan.outcome->recorded_at) +
         ")";
}

void WriteVersion(JsonWriter& writer, const RecordVersion& version, bool with_title) {
  const Event& event = EventOf(version);
  writer.BeginObject();
  writer.Field("when", event.when.ToString());
  writer.Field("status", EventStatusName(event.status));
  if (with_title) writer.Field("title", event.title);
  writer.Field("recorded_at", FormatInstant(version.recorded_at));
  writer.Key("source");
  writer.StringOrNull(version.source);
  writer.EndObject();
}

void PrintPlansJson(int64_t as_of, const std::vector<PlanOutcome>& plans) {
  JsonWriter writer(std::cout);
  writer.BeginObject();
  writer.Field("as_of", FormatInstant(as_of));
  writer.Key("plans");
  writer.BeginArray();
  for (const PlanOutcome& plan : plans) {
    writer.BeginObject();
    writer.Field("id", plan.id);
    writer.Field("title", EventOf(plan.planned).title);
    writer.Key("planned");
    WriteVersion(writer, plan.planned, /*with_title=*/false);
    writer.Key("outcome");
    if (plan.outcome) {
      WriteVersion(writer, *plan.outcome, /*with_title=*/true);
    } else {
      writer.Null();
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

CLI::App* SetupPlans(CLI::App& app, PlansOptions& options) {
  CLI::App* command =
      app.add_subcommand("plans", "What was planned as of a time, and what became of each plan");
  command->footer(
      "Lists the events whose version in effect at --as-of was planned or postponed. OUTCOME is "
      "their current version when it differs (occurred, cancelled, still planned with new "
      "dates, or \"(updated)\" when only other fields changed), else \"no later news\"; "
      "REPORTED BY is the source and record time of that version.");
  AddAsOfFlag(*command, options.as_of,
              "the events planned or postponed then (default: now); the outcome is always "
              "what is known now");
  command->add_flag("--json", options.json, "Print {\"as_of\": ..., \"plans\": [...]} as JSON");
  return command;
}

int RunPlans(const GlobalOptions& global, const PlansOptions& options) {
  std::optional<int64_t> as_of;
  if (!ParseAsOfOption(options.as_of, &as_of)) return kExitUsageError;
  if (!as_of) as_of = Now();
  std::unique_ptr<storage::Store> store = OpenStoreOrReport(global, storage::OpenMode::kReadOnly);
  if (!store) return kExitDataError;
  Result<std::vector<PlanOutcome>> plans = store->Plans(*as_of);
  if (!plans.ok()) return ReportError(plans.status());

  if (options.json) {
    PrintPlansJson(*as_of, *plans);
    return kExitOk;
  }
  std::cout << "Plans as of " << (options.as_of.empty() ? FormatInstant(*as_of) : options.as_of)
            << ": " << plans->size() << (plans->size() == 1 ? " event" : " events") << "\n";
  if (plans->empty()) return kExitOk;
  Table table({"WHEN", "STATUS", "TITLE", "OUTCOME", "REPORTED BY", "ID"}, {0, 0, 60, 0, 0, 0});
  for (const PlanOutcome& plan : *plans) {
    const Event& planned = EventOf(plan.planned);
    table.AddRow({planned.when.ToString(), std::string(EventStatusName(planned.status)),
                  planned.title, OutcomeText(plan), ReportedBy(plan), plan.id});
  }
  table.Print(std::cout);
  return kExitOk;
}

}  // namespace chronicle::cli
