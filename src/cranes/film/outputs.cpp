// SPDX-License-Identifier: MIT
#include "cranes/film/outputs.hpp"

#include <functional>

#include "cranes/core/atomic_file.hpp"
#include "cranes/core/error.hpp"
#include "cranes/film/shot_table.hpp"

namespace cranes::film {
namespace fs = std::filesystem;

fs::path resolve_output_dir(const fs::path& input, const std::optional<fs::path>& requested) {
  if (requested) {
    const fs::path dir = requested->empty() ? fs::path(".") : *requested;
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
      const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
      if (!fs::is_directory(parent, ec)) throw Error(dir.string(), "parent directory does not exist");
      if (!fs::create_directory(dir, ec) && ec)
        throw Error(dir.string(), "cannot create directory: " + ec.message());
    }
    require_writable_directory(dir);
    return dir;
  }
  const fs::path beside = input.has_parent_path() ? input.parent_path() : fs::path(".");
  if (is_writable_directory(beside)) return beside;
  if (is_writable_directory(".")) return fs::path(".");
  throw Error(beside.string(), "directory is not writable, nor is the current directory; use -o DIR");
}

fs::path film_json_path(const fs::path& input, const fs::path& dir) {
  return dir / (input.filename().string() + ".cranes.json");
}

fs::path locate_video(const Film& film, const fs::path& analysis, const std::optional<fs::path>& given,
                      std::string_view flag) {
  std::error_code ec;
  if (given) {
    if (!fs::is_regular_file(*given, ec)) throw Error(given->string(), "no such film", Error::Kind::Usage);
    return *given;
  }
  const fs::path recorded(film.source.path);
  if (!recorded.empty() && fs::is_regular_file(recorded, ec)) return recorded;
  const fs::path beside = analysis.parent_path() / recorded.filename();
  if (!recorded.empty() && fs::is_regular_file(beside, ec)) return beside;
  throw Error(analysis.string(),
              "the film it was made from (" + film.source.path + ") is not there; point at it with " +
                  std::string(flag) + " PATH",
              Error::Kind::Usage);
}

fs::path report_path(const fs::path& input, const fs::path& dir) {
  return dir / (input.filename().string() + ".report.html");
}

fs::path stills_dir_path(const fs::path& input, const fs::path& dir) {
  return dir / (input.filename().string() + ".stills");
}

std::vector<fs::path> write_analysis(const Film& film, const fs::path& input, const fs::path& dir,
                                     const std::function<void(std::vector<fs::path>&)>& more) {
  std::vector<fs::path> written;
  try {
    const fs::path json = film_json_path(input, dir);
    if (!film.shots.empty()) {
      const auto [csv, edl] = write_shot_outputs(film, dir, input.filename().string());
      written = {csv, edl};
    }
    write_film(film, json);
    written.insert(written.begin(), json);
    if (more) more(written);
  } catch (...) {
    // All or nothing: a set of results with one missing would be taken for a whole one.
    std::error_code ec;
    for (const fs::path& p : written) fs::remove(p, ec);
    throw;
  }
  return written;
}

}  // namespace cranes::film
