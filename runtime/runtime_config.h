// runtime_config.h — what the configuration file (/etc/zhidui/zhidui.toml, runtime/config.h) means for a
// run of the kiosk: the RuntimeOptions it sets. Here rather than in main.cpp so that the effect of every
// key, and of a broken file, is tested.
#pragma once

#include <string>

#include "runtime/runtime.h"

namespace zhidui {

struct ConfiguredRun {
  bool landscape = false;
  bool dev_dock = false;  // demo mode only
};

// Applies the file at `path` to `options`. A broken or unsafe file does not stop the kiosk (a crash loop
// would leave the hall with a dead screen): `options.configuration_problem` says what is wrong, the kiosk
// starts in 暂停服务 with real devices only, keeps the data folder the file names, and its panel opens
// only with the file's own PIN hash (never the demonstration PIN).
ConfiguredRun apply_config_file(const std::string& path, RuntimeOptions& options);

}  // namespace zhidui
