// atomic_file.h — replacing a small file so that a crash or a power cut leaves either the old contents
// or the new, never a mix: write a temporary file beside it, fsync, rename over, fsync the folder.
// Used for the configuration the technician panel saves and for the run record.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "base/result.h"

namespace zhidui {

// Replaces `path` with `text`, mode `mode`; the group of the file being replaced is kept (root:zhidui
// stays readable by the kiosk's group). Errors carry `error_code` and name the step and the file.
Status replace_file_atomically(const std::string& path, std::string_view text, mode_t mode,
                               const std::string& error_code);

}  // namespace zhidui
