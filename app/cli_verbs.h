#pragma once
// The export and import verbs of moechat-cli, implemented here so the command line and the
// app share one exporter. argv[0] is the verb; the return value is the process exit code;
// an error is one line on stderr. A QCoreApplication is created if none exists.
//
//   moechat-cli export --db FILE [--conversation ID] --format md|json|html --out PATH
//   moechat-cli import --db FILE --in PATH
int moechat_cli_export(int argc, char** argv);
int moechat_cli_import(int argc, char** argv);
