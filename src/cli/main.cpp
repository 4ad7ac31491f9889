// SPDX-License-Identifier: MIT
// Entry point: builds the command tree, turns every failure into one line `cranes: error: SUBJECT: cause` and
// an exit code (1 for runtime errors, 2 for usage errors). Nothing escapes as a crash.
#include <csignal>
#include <cstdio>
#include <exception>
#include <opencv2/core/utility.hpp>

#include "cli/commands.hpp"
#include "cranes/core/error.hpp"

int main(int argc, char** argv) {
  // The decoder's frame threads already keep every core busy; OpenCV's own worker threads would only compete
  // with them (and with the analysis thread) for the same cores. A process-wide setting: the program's to
  // make.
  cv::setNumThreads(1);
  // A write past the file-size limit (ulimit -f) must fail as a write error that names the file and removes
  // the temporary, not kill the process halfway with SIGXFSZ.
  std::signal(SIGXFSZ, SIG_IGN);
  CLI::App app{
      "cranes: measure and recreate the moving-camera cinema of Kalatozov and Urusevsky.\n"
      "Finds every shot of a film in one streaming pass, measures its camera movement, and writes\n"
      "FILM.cranes.json for reports, galleries and the catalog.",
      "cranes"};
  app.set_version_flag("--version", std::string("cranes ") + CRANES_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run `cranes COMMAND --help` for the options of one command. `cranes demo` shows it all at work.");
  cranes::cli::add_probe_command(app);
  cranes::cli::add_analyze_command(app);
  cranes::cli::add_synth_command(app);
  cranes::cli::add_demo_command(app);
  cranes::cli::add_shots_command(app);
  cranes::cli::add_stats_command(app);
  cranes::cli::add_decode_command(app);
  cranes::cli::add_params_command(app);
  cranes::cli::add_report_command(app);
  cranes::cli::add_sheet_command(app);
  cranes::cli::add_gallery_command(app);
  cranes::cli::add_look_command(app);
  cranes::cli::add_catalog_command(app);
  cranes::cli::add_search_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "cranes: error: %s\nRun with --help for usage.\n", e.what());
    return 2;
  } catch (const cranes::Error& e) {
    std::fprintf(stderr, "cranes: error: %s\n", e.what());
    return e.kind() == cranes::Error::Kind::Usage ? 2 : 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "cranes: error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cranes: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
