// SPDX-License-Identifier: MIT
#include "cranes/film/still_files.hpp"

#include <cmath>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <opencv2/imgproc.hpp>
#include <system_error>
#include <thread>
#include <utility>

#include "cranes/core/error.hpp"
#include "cranes/core/format.hpp"
#include "cranes/core/slug.hpp"

namespace cranes::film {

cv::Mat display_picture(const cv::Mat& frame, cv::Rect area, double sar) {
  cv::Mat picture = frame;
  area &= cv::Rect(0, 0, frame.cols, frame.rows);
  if (area.area() > 0 && area.size() != frame.size()) picture = frame(area);
  if (sar > 0 && std::abs(sar - 1.0) > 1e-3) {
    cv::Mat wide;
    cv::resize(picture, wide,
               cv::Size(std::max(1, static_cast<int>(std::lround(picture.cols * sar))), picture.rows), 0, 0,
               cv::INTER_CUBIC);
    return wide;
  }
  return picture.clone();
}

cv::Rect active_rect(const Film& film) {
  const ActiveArea& a = film.active;
  if (!a.known || a.width <= 0 || a.height <= 0) return {};
  return {a.x, a.y, a.width, a.height};
}

cv::Mat still_picture(const cv::Mat& picture, const StillWriteOptions& options,
                      media::ImageWriteOptions& image) {
  cv::Mat out = picture;
  const int longest = std::max(picture.cols, picture.rows);
  if (options.max_size > 0 && longest > options.max_size) {
    const double k = static_cast<double>(options.max_size) / longest;
    cv::resize(picture, out,
               cv::Size(std::max(1, static_cast<int>(std::lround(picture.cols * k))),
                        std::max(1, static_cast<int>(std::lround(picture.rows * k)))),
               0, 0, cv::INTER_AREA);
  }
  image = options.image;
  image.monochrome = image.monochrome || media::is_monochrome(out);
  return out;
}

cv::Size write_still_picture(const cv::Mat& picture, const std::filesystem::path& path,
                             const StillWriteOptions& options) {
  media::ImageWriteOptions image;
  const cv::Mat out = still_picture(picture, options, image);
  media::write_image(out, path, image);
  return out.size();
}

struct StillEncoder::Impl {
  struct Job {
    cv::Mat picture;
    std::filesystem::path path;
    media::ImageWriteOptions options;
  };
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Job> jobs;
  size_t busy = 0;
  bool closing = false;
  std::exception_ptr error;
  std::vector<std::thread> threads;

  void work() {
    std::unique_lock lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return closing || !jobs.empty(); });
      if (jobs.empty()) return;
      Job job = std::move(jobs.front());
      jobs.pop_front();
      ++busy;
      changed.notify_all();
      lock.unlock();
      std::exception_ptr failed;
      try {
        media::write_image(job.picture, job.path, job.options);
      } catch (...) {
        failed = std::current_exception();
      }
      lock.lock();
      --busy;
      if (failed && !error) error = failed;
      changed.notify_all();
    }
  }
};

StillEncoder::StillEncoder(int threads) : m_impl(std::make_unique<Impl>()) {
  for (int i = 0; i < std::max(1, threads); ++i) m_impl->threads.emplace_back([this] { m_impl->work(); });
}

StillEncoder::~StillEncoder() {
  {
    std::lock_guard lock(m_impl->mutex);
    m_impl->closing = true;
  }
  m_impl->changed.notify_all();
  for (auto& t : m_impl->threads) t.join();
}

void StillEncoder::add(cv::Mat picture, std::filesystem::path path, media::ImageWriteOptions options) {
  options.threads = 1;
  std::unique_lock lock(m_impl->mutex);
  m_impl->changed.wait(lock, [&] { return m_impl->jobs.size() < m_impl->threads.size(); });
  m_impl->jobs.push_back({std::move(picture), std::move(path), options});
  m_impl->changed.notify_all();
}

void StillEncoder::finish() {
  std::unique_lock lock(m_impl->mutex);
  m_impl->changed.wait(lock, [&] { return m_impl->jobs.empty() && m_impl->busy == 0; });
  if (m_impl->error) std::rethrow_exception(std::exchange(m_impl->error, nullptr));
}

std::string film_slug(const media::VideoInfo& info) {
  std::string slug = slugify(info.title);
  if (slug.empty()) slug = slugify(std::filesystem::path(info.path).stem().string());
  return slug.empty() ? "film" : slug;
}

std::string name_timecode(double time_s) {
  const auto s = static_cast<long long>(std::floor(std::max(0.0, time_s)));
  return format("%02lld-%02lld-%02lld", s / 3600, s / 60 % 60, s % 60);
}

StillWriter::StillWriter(std::filesystem::path dir, std::string stem, StillWriteOptions options,
                         std::filesystem::path relative_to)
    : m_dir(std::move(dir)),
      m_stem(std::move(stem)),
      m_options(options),
      m_relative_to(std::move(relative_to)) {}

Still StillWriter::write(const cv::Mat& picture, double time_s) {
  std::error_code ec;
  if (!std::filesystem::is_directory(m_dir, ec)) {
    // Made by this writer and gone: someone removed it (or the output directory) while the film was read.
    if (m_created_dir) throw Error(m_dir.string(), "was removed during the analysis");
    std::filesystem::create_directories(m_dir, ec);
    if (ec) throw Error(m_dir.string(), "cannot create the stills directory: " + ec.message());
    m_created_dir = true;
  }
  std::string name = m_stem + "_" + name_timecode(time_s);
  for (int n = 2; m_used.count(name); ++n)
    name = m_stem + "_" + name_timecode(time_s) + "-" + std::to_string(n);
  m_used.insert(name);
  const std::filesystem::path path =
      m_dir / (name + "." + std::string(media::image_extension(m_options.format)));

  media::ImageWriteOptions image;
  cv::Mat out = still_picture(picture, m_options, image);
  if (out.data == picture.data) out = out.clone();  // the caller may reuse its picture
  const cv::Size size = out.size();
  m_written.push_back(path);
  m_encoder.add(std::move(out), path, image);

  Still s;
  s.time_s = time_s;
  s.width = size.width;
  s.height = size.height;
  std::filesystem::path recorded = path;
  if (!m_relative_to.empty()) {
    const auto rel = std::filesystem::relative(path, m_relative_to, ec);
    if (!ec && !rel.empty() && *rel.begin() != "..") recorded = rel;
  }
  s.path = recorded.generic_string();
  return s;
}

void StillWriter::finish() {
  m_encoder.finish();
  // Every still the analysis will name must still be there: an analysis never points at missing files.
  std::error_code ec;
  for (const auto& p : m_written)
    if (!std::filesystem::is_regular_file(p, ec)) throw Error(p.string(), "was removed during the analysis");
}

void StillWriter::discard() {
  try {
    m_encoder.finish();
  } catch (const std::exception&) {
    // the files go anyway
  }
  std::error_code ec;
  for (const auto& p : m_written) std::filesystem::remove(p, ec);
  m_written.clear();
  if (m_created_dir) std::filesystem::remove(m_dir, ec);  // only when empty
}

void remove_still_files(const Film& film, const std::filesystem::path& relative_to) {
  std::error_code ec;
  std::set<std::filesystem::path> dirs;
  for (const Still& s : film.stills) {
    if (s.path.empty()) continue;
    std::filesystem::path p(s.path);
    if (p.is_relative()) p = relative_to / p;
    std::filesystem::remove(p, ec);
    dirs.insert(p.parent_path());
  }
  for (const auto& d : dirs) std::filesystem::remove(d, ec);  // only when empty
}

}  // namespace cranes::film
