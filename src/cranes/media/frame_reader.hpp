// SPDX-License-Identifier: MIT
// Chosen frames of a film at full size, by frame number (0-based, display order, as the analysis counts
// them), for the commands that work from an analysis: contact sheets and galleries. The film is decoded from
// its start to the last frame asked for; only the chosen pictures are converted to colour.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <opencv2/core.hpp>
#include <vector>

namespace cranes::media {

/// Hands `take` the full-size BGR picture (display orientation) of every frame in `frames` (any order,
/// repeats ignored), in film order. `progress` hears the share done (0..1) now and then. Throws
/// cranes::Error naming the file when it cannot be opened, or when it ends before a frame asked for (a
/// different or shortened film).
void read_frames(const std::filesystem::path& path, std::vector<int64_t> frames,
                 const std::function<void(int64_t frame, const cv::Mat& bgr)>& take,
                 const std::function<void(double share)>& progress = {});

}  // namespace cranes::media
