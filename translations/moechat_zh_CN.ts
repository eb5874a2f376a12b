<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AppController</name>
    <message>
      <source>System language</source>
      <translation>系统语言</translation>
    </message>
    <message>
      <source>Unknown export format “%1”.</source>
      <translation>未知的导出格式“%1”。</translation>
    </message>
    <message numerus="yes">
      <source>Imported %n conversation(s).</source>
      <translation>
        <numerusform>已导入 %n 个对话。</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BranchSwitcher</name>
    <message>
      <source>Previous version</source>
      <translation>上一个版本</translation>
    </message>
    <message>
      <source>%1/%2</source>
      <translation>%1/%2</translation>
    </message>
    <message>
      <source>Version %1 of %2</source>
      <translation>第 %1 个版本，共 %2 个</translation>
    </message>
    <message>
      <source>Next version</source>
      <translation>下一个版本</translation>
    </message>
  </context>
  <context>
    <name>ChatController</name>
    <message>
      <source>reading the conversation… %1 %</source>
      <translation>正在读取对话… %1%</translation>
    </message>
    <message>
      <source>An answer is still being written. Stop it (Esc) or wait for it to finish.</source>
      <translation>回答仍在生成中。请停止它（Esc）或等待其完成。</translation>
    </message>
    <message>
      <source>First token after %1 ms · %2 tokens/s</source>
      <translation>首个词元用时 %1 毫秒 · 每秒 %2 个词元</translation>
    </message>
    <message>
      <source>The model is still loading. Send again when the progress bar is done.</source>
      <translation>模型仍在加载。进度条完成后请再次发送。</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>尚未加载模型。请使用工具栏中的“打开模型…”打开一个（Ctrl+O）。</translation>
    </message>
  </context>
  <context>
    <name>ChatView</name>
    <message>
      <source>Type a message below to start.</source>
      <translation>在下方输入消息即可开始。</translation>
    </message>
    <message>
      <source>Loading the model…</source>
      <translation>正在加载模型…</translation>
    </message>
    <message>
      <source>Open a model to start.</source>
      <translation>打开一个模型即可开始。</translation>
    </message>
  </context>
  <context>
    <name>Cli</name>
    <message>
      <source>unknown option %1; usage: %2</source>
      <translation>未知选项 %1；用法：%2</translation>
    </message>
    <message>
      <source>%1 needs a value; usage: %2</source>
      <translation>%1 需要一个值；用法：%2</translation>
    </message>
    <message>
      <source>export needs --db, --format and --out; usage: %1</source>
      <translation>export 需要 --db、--format 和 --out；用法：%1</translation>
    </message>
    <message>
      <source>unknown format “%1”; use md, json or html</source>
      <translation>未知格式“%1”；请使用 md、json 或 html</translation>
    </message>
    <message>
      <source>--conversation takes a conversation id (a number)</source>
      <translation>--conversation 需要对话编号（一个数字）</translation>
    </message>
    <message>
      <source>there is no history database at %1</source>
      <translation>%1 处没有历史数据库</translation>
    </message>
    <message>
      <source>import needs --db and --in; usage: %1</source>
      <translation>import 需要 --db 和 --in；用法：%1</translation>
    </message>
    <message numerus="yes">
      <source>imported %n conversation(s)</source>
      <translation>
        <numerusform>已导入 %n 个对话</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CodeBlock</name>
    <message>
      <source>Copy code</source>
      <translation>复制代码</translation>
    </message>
    <message>
      <source>Copy this code block</source>
      <translation>复制此代码块</translation>
    </message>
  </context>
  <context>
    <name>Composer</name>
    <message>
      <source>Message (Enter to send, Shift+Enter for a new line)</source>
      <translation>消息（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>消息</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>停止</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>发送</translation>
    </message>
    <message>
      <source>Stop the answer (Esc)</source>
      <translation>停止回答（Esc）</translation>
    </message>
    <message>
      <source>Send the message (Enter)</source>
      <translation>发送消息（Enter）</translation>
    </message>
  </context>
  <context>
    <name>ConversationDelegate</name>
    <message>
      <source>New title</source>
      <translation>新标题</translation>
    </message>
    <message>
      <source>Actions for “%1”</source>
      <translation>“%1”的操作</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>重命名</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>删除…</translation>
    </message>
  </context>
  <context>
    <name>ConversationListModel</name>
    <message>
      <source>Today</source>
      <translation>今天</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>昨天</translation>
    </message>
    <message>
      <source>Previous 7 days</source>
      <translation>过去 7 天</translation>
    </message>
    <message>
      <source>Previous 30 days</source>
      <translation>过去 30 天</translation>
    </message>
  </context>
  <context>
    <name>Database</name>
    <message>
      <source>%1 is not a moechat history database. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 不是 moechat 历史数据库。该文件未被改动；请选择其他文件（--db 文件）。</translation>
    </message>
    <message>
      <source>%1 is in use by another moechat window. Close that window, or start with another history file (--db FILE).</source>
      <translation>%1 正被另一个 moechat 窗口使用。请关闭该窗口，或使用其他历史文件启动（--db 文件）。</translation>
    </message>
    <message>
      <source>Cannot open %1 for writing: check that the folder exists and that you may write to it.</source>
      <translation>无法以写入方式打开 %1：请检查文件夹是否存在以及您是否有写入权限。</translation>
    </message>
    <message>
      <source>The disk holding %1 is full. Free some space and try again.</source>
      <translation>存放 %1 的磁盘已满。请释放一些空间后重试。</translation>
    </message>
    <message>
      <source>The history database %1 reported an error: %2</source>
      <translation>历史数据库 %1 报告了一个错误：%2</translation>
    </message>
    <message>
      <source>%1 is a folder, not a history file. Choose a file name (--db FILE).</source>
      <translation>%1 是文件夹，不是历史文件。请选择一个文件名（--db 文件）。</translation>
    </message>
    <message>
      <source>%1 was written by a newer version of moechat (history format %2; this version reads up to %3). Update moechat to open it; the file was left untouched.</source>
      <translation>%1 由更新版本的 moechat 写入（历史格式 %2；此版本最多读取 %3）。请更新 moechat 后再打开；该文件未被改动。</translation>
    </message>
    <message>
      <source>%1 is an SQLite database of another program, not a moechat history. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 是其他程序的 SQLite 数据库，不是 moechat 历史。它未被改动；请选择其他文件（--db 文件）。</translation>
    </message>
  </context>
  <context>
    <name>DeviceChoice</name>
    <message>
      <source>CPU</source>
      <translation>CPU</translation>
    </message>
    <message>
      <source>CUDA GPUs</source>
      <translation>CUDA GPU</translation>
    </message>
    <message>
      <source>(no GPU: %1)</source>
      <translation>（无 GPU：%1）</translation>
    </message>
    <message>
      <source>GPU %1: %2 (%3 free)</source>
      <translation>GPU %1：%2（可用 %3）</translation>
    </message>
    <message>
      <source>Tensor-parallel ranks</source>
      <translation>张量并行进程数</translation>
    </message>
  </context>
  <context>
    <name>EngineWorker</name>
    <message>
      <source>Loading was cancelled.</source>
      <translation>加载已取消。</translation>
    </message>
    <message>
      <source>Could not load %1: %2</source>
      <translation>无法加载 %1：%2</translation>
    </message>
    <message>
      <source>Could not load %1 (unknown error).</source>
      <translation>无法加载 %1（未知错误）。</translation>
    </message>
    <message>
      <source>The message is %1 tokens long but the model's context holds %2. Shorten it.</source>
      <translation>该消息长 %1 个词元，但模型上下文只能容纳 %2 个。请缩短它。</translation>
    </message>
    <message>
      <source>The answer could not be generated: %1</source>
      <translation>无法生成回答：%1</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>尚未加载模型。请使用工具栏中的“打开模型…”打开一个（Ctrl+O）。</translation>
    </message>
  </context>
  <context>
    <name>ErrorBanner</name>
    <message>
      <source>Dismiss the message</source>
      <translation>关闭此消息</translation>
    </message>
  </context>
  <context>
    <name>ErrorPage</name>
    <message>
      <source>moechat cannot open its history</source>
      <translation>moechat 无法打开其历史记录</translation>
    </message>
    <message>
      <source>Your conversations are safe: the file was not changed.</source>
      <translation>您的对话是安全的：文件未被更改。</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Exported to %1</source>
      <translation>已导出到 %1</translation>
    </message>
    <message>
      <source>moechat JSON export (*.json)</source>
      <translation>moechat JSON 导出文件 (*.json)</translation>
    </message>
    <message>
      <source>What</source>
      <translation>内容</translation>
    </message>
    <message>
      <source>This conversation</source>
      <translation>此对话</translation>
    </message>
    <message>
      <source>All conversations</source>
      <translation>所有对话</translation>
    </message>
    <message>
      <source>What to export</source>
      <translation>要导出的内容</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>格式</translation>
    </message>
    <message>
      <source>Markdown</source>
      <translation>Markdown</translation>
    </message>
    <message>
      <source>JSON (can be imported)</source>
      <translation>JSON（可导入）</translation>
    </message>
    <message>
      <source>HTML</source>
      <translation>HTML</translation>
    </message>
    <message>
      <source>Export format</source>
      <translation>导出格式</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>导出…</translation>
    </message>
    <message>
      <source>Import JSON…</source>
      <translation>导入 JSON…</translation>
    </message>
  </context>
  <context>
    <name>Exporter</name>
    <message>
      <source>There is no conversation with id %1 in %2.</source>
      <translation>%2 中没有编号为 %1 的对话。</translation>
    </message>
    <message>
      <source>User</source>
      <translation>用户</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>系统提示词</translation>
    </message>
    <message>
      <source>moechat conversations</source>
      <translation>moechat 对话</translation>
    </message>
    <message>
      <source>%1: “%2” is not an ISO 8601 time.</source>
      <translation>%1：“%2”不是 ISO 8601 时间。</translation>
    </message>
    <message>
      <source>conversation %1</source>
      <translation>对话 %1</translation>
    </message>
    <message>
      <source>%1 has no "messages" list.</source>
      <translation>%1 没有 "messages" 列表。</translation>
    </message>
    <message>
      <source>Imported conversation</source>
      <translation>导入的对话</translation>
    </message>
    <message>
      <source>%1, message %2</source>
      <translation>%1，消息 %2</translation>
    </message>
    <message>
      <source>%1 has no text in "content".</source>
      <translation>%1 的 "content" 中没有文本。</translation>
    </message>
    <message>
      <source>%1 is a second system message; a conversation has one system prompt.</source>
      <translation>%1 是第二条系统消息；一个对话只有一个系统提示词。</translation>
    </message>
    <message>
      <source>%1 has role “%2”; it must be "system", "user" or "assistant".</source>
      <translation>%1 的角色为“%2”；必须是 "system"、"user" 或 "assistant"。</translation>
    </message>
    <message>
      <source>%1 needs a unique positive "id".</source>
      <translation>%1 需要唯一的正整数 "id"。</translation>
    </message>
    <message>
      <source>%1 names parent %2, which does not come before it.</source>
      <translation>%1 指定的父消息 %2 不在其之前。</translation>
    </message>
    <message>
      <source>%1: "current_leaf" %2 is not one of its messages.</source>
      <translation>%1："current_leaf" %2 不是其中的消息。</translation>
    </message>
    <message>
      <source>Could not write %1: %2. Choose another place to save the export.</source>
      <translation>无法写入 %1：%2。请选择其他位置保存导出文件。</translation>
    </message>
    <message>
      <source>The file is not valid JSON (%1 at byte %2).</source>
      <translation>该文件不是有效的 JSON（第 %2 字节处：%1）。</translation>
    </message>
    <message>
      <source>The file is not a moechat export (its "format" is not "%1").</source>
      <translation>该文件不是 moechat 导出文件（其 "format" 不是 "%1"）。</translation>
    </message>
    <message>
      <source>The file was exported by a newer moechat (format version %1; this version reads %2). Update moechat to import it.</source>
      <translation>该文件由更新版本的 moechat 导出（格式版本 %1；此版本读取 %2）。请更新 moechat 后再导入。</translation>
    </message>
    <message>
      <source>Could not read %1: %2.</source>
      <translation>无法读取 %1：%2。</translation>
    </message>
  </context>
  <context>
    <name>FirstRunView</name>
    <message>
      <source>Welcome to moechat</source>
      <translation>欢迎使用 moechat</translation>
    </message>
    <message>
      <source>Open a model folder…</source>
      <translation>打开模型文件夹…</translation>
    </message>
    <message>
      <source>Try the small demo model</source>
      <translation>试用小型演示模型</translation>
    </message>
    <message>
      <source>no GPU found</source>
      <translation>未找到 GPU</translation>
    </message>
    <message>
      <source>does not fit</source>
      <translation>放不下</translation>
    </message>
    <message>
      <source>%1 (%2 each)</source>
      <translation>%1（每个 %2）</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>放得下</translation>
    </message>
    <message>
      <source>moechat chats with Mixture-of-Experts language models such as Mixtral and Zephyr, running on this computer's GPUs or processor. Nothing you type leaves this machine.</source>
      <translation>moechat 可与 Mixtral、Zephyr 等混合专家语言模型聊天，模型运行在这台计算机的 GPU 或处理器上。您输入的任何内容都不会离开这台机器。</translation>
    </message>
    <message>
      <source>To begin, open a model folder downloaded from Hugging Face (config.json, the .safetensors files, tokenizer.model and tokenizer_config.json), or try the small demo model to see how moechat works: it answers quickly, with nonsense.</source>
      <translation>首先，请打开从 Hugging Face 下载的模型文件夹（config.json、.safetensors 文件、tokenizer.model 和 tokenizer_config.json），或试用小型演示模型来了解 moechat 的工作方式：它回答很快，但内容毫无意义。</translation>
    </message>
    <message>
      <source>Hardware found</source>
      <translation>检测到的硬件</translation>
    </message>
    <message>
      <source>GPU %1: %2, %3 (%4 free)</source>
      <translation>GPU %1：%2，%3（可用 %4）</translation>
    </message>
    <message>
      <source>No NVIDIA GPU found: models run on the processor, which is much slower.</source>
      <translation>未找到 NVIDIA GPU：模型将在处理器上运行，速度会慢得多。</translation>
    </message>
    <message>
      <source>System memory available: %1</source>
      <translation>可用系统内存：%1</translation>
    </message>
    <message>
      <source>Known models in bf16</source>
      <translation>已知模型（bf16）</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <source>GPUs needed</source>
      <translation>所需 GPU</translation>
    </message>
    <message>
      <source>In system memory</source>
      <translation>在系统内存中</translation>
    </message>
    <message>
      <source>Computed for a %1-token context with the memory free now. Several GPUs share a model by tensor parallelism; the processor runs any model that fits in system memory, slowly.</source>
      <translation>按 %1 个词元的上下文和当前可用内存计算。多块 GPU 通过张量并行共同承载一个模型；处理器可以运行任何能放进系统内存的模型，但速度较慢。</translation>
    </message>
  </context>
  <context>
    <name>Main</name>
    <message>
      <source>%1 — moechat</source>
      <translation>%1 — moechat</translation>
    </message>
  </context>
  <context>
    <name>MainToolBar</name>
    <message>
      <source>Open model…</source>
      <translation>打开模型…</translation>
    </message>
    <message>
      <source>Choose and load a model</source>
      <translation>选择并加载模型</translation>
    </message>
    <message>
      <source>Open a model folder (Ctrl+O)</source>
      <translation>打开模型文件夹（Ctrl+O）</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>加载进度</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>系统提示词</translation>
    </message>
    <message>
      <source>Edit the system prompt of this conversation</source>
      <translation>编辑此对话的系统提示词</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>采样</translation>
    </message>
    <message>
      <source>Show or hide the sampling settings</source>
      <translation>显示或隐藏采样设置</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>导出</translation>
    </message>
    <message>
      <source>Export conversations (Ctrl+E)</source>
      <translation>导出对话（Ctrl+E）</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Settings (Ctrl+,)</source>
      <translation>设置（Ctrl+,）</translation>
    </message>
  </context>
  <context>
    <name>MemoryPlanView</name>
    <message>
      <source>Memory plan</source>
      <translation>内存规划</translation>
    </message>
    <message>
      <source>%1: %2 (weights %3, KV cache %4, workspace %5) of %6</source>
      <translation>%1：%2（权重 %3，KV 缓存 %4，工作区 %5），共 %6</translation>
    </message>
    <message>
      <source>This model does not fit: %1. Choose more GPUs or a smaller model.</source>
      <translation>此模型放不下：%1。请选择更多 GPU 或更小的模型。</translation>
    </message>
  </context>
  <context>
    <name>MessageDelegate</name>
    <message>
      <source>You</source>
      <translation>你</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>助手</translation>
    </message>
    <message>
      <source>(interrupted)</source>
      <translation>（已中断）</translation>
    </message>
    <message>
      <source>(stopped)</source>
      <translation>（已停止）</translation>
    </message>
    <message>
      <source>(failed)</source>
      <translation>（失败）</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>正在生成…</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>复制</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>编辑</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>重新生成</translation>
    </message>
    <message>
      <source>Hide details</source>
      <translation>隐藏详情</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>详情</translation>
    </message>
  </context>
  <context>
    <name>MessageEditor</name>
    <message>
      <source>Edited message</source>
      <translation>编辑后的消息</translation>
    </message>
    <message>
      <source>Save and resend</source>
      <translation>保存并重新发送</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>MessageListModel</name>
    <message>
      <source>Model: %1</source>
      <translation>模型：%1</translation>
    </message>
    <message>
      <source>temperature %1, top-k %2, top-p %3, min-p %4, repetition penalty %5, max %6 tokens</source>
      <translation>温度 %1，top-k %2，top-p %3，min-p %4，重复惩罚 %5，最多 %6 个词元</translation>
    </message>
    <message>
      <source>seed %1</source>
      <translation>种子 %1</translation>
    </message>
    <message numerus="yes">
      <source>settings changed %n time(s) while answering</source>
      <translation>
        <numerusform>回答过程中设置更改了 %n 次</numerusform>
      </translation>
    </message>
    <message>
      <source>first token after %1 ms, %2 tokens/s</source>
      <translation>首个词元用时 %1 毫秒，每秒 %2 个词元</translation>
    </message>
  </context>
  <context>
    <name>ModelController</name>
    <message>
      <source>%1 experts, %2 per token</source>
      <translation>%1 个专家，每个词元 %2 个</translation>
    </message>
    <message>
      <source>dense (no experts)</source>
      <translation>稠密（无专家）</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>未知</translation>
    </message>
  </context>
  <context>
    <name>ModelDialog</name>
    <message>
      <source>Model</source>
      <translation>模型</translation>
    </message>
    <message>
      <source>Choose a model folder</source>
      <translation>选择模型文件夹</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>选择文件夹…</translation>
    </message>
    <message>
      <source>Recent models</source>
      <translation>最近使用的模型</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>加载进度</translation>
    </message>
    <message>
      <source>Loaded: %1</source>
      <translation>已加载：%1</translation>
    </message>
    <message>
      <source>Cancel loading</source>
      <translation>取消加载</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>加载</translation>
    </message>
  </context>
  <context>
    <name>ModelSummary</name>
    <message>
      <source>Architecture</source>
      <translation>架构</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>参数</translation>
    </message>
    <message>
      <source>%1 (%2 active per token)</source>
      <translation>%1（每个词元激活 %2）</translation>
    </message>
    <message>
      <source>Experts</source>
      <translation>专家</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>权重</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1，%2</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>层数</translation>
    </message>
    <message>
      <source>Tokenizer</source>
      <translation>分词器</translation>
    </message>
    <message>
      <source>found</source>
      <translation>已找到</translation>
    </message>
    <message>
      <source>missing: this folder cannot be chatted with</source>
      <translation>缺失：无法用此文件夹聊天</translation>
    </message>
  </context>
  <context>
    <name>PresetEditor</name>
    <message>
      <source>Presets</source>
      <translation>预设</translation>
    </message>
    <message>
      <source>%1 (default)</source>
      <translation>%1（默认）</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>使用</translation>
    </message>
    <message>
      <source>Make default</source>
      <translation>设为默认</translation>
    </message>
    <message>
      <source>Overwrite</source>
      <translation>覆盖</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>删除</translation>
    </message>
    <message>
      <source>Name for a new preset</source>
      <translation>新预设的名称</translation>
    </message>
    <message>
      <source>Save as preset</source>
      <translation>保存为预设</translation>
    </message>
  </context>
  <context>
    <name>PresetListModel</name>
    <message>
      <source>Give the preset a name.</source>
      <translation>请为预设命名。</translation>
    </message>
    <message>
      <source>A preset named “%1” already exists; choose another name.</source>
      <translation>名为“%1”的预设已存在；请换一个名称。</translation>
    </message>
  </context>
  <context>
    <name>QObject</name>
    <message>
      <source>%1 B</source>
      <translation>%1B</translation>
    </message>
    <message>
      <source>%1 M</source>
      <translation>%1M</translation>
    </message>
  </context>
  <context>
    <name>SamplingPanel</name>
    <message>
      <source>Sampling</source>
      <translation>采样</translation>
    </message>
    <message>
      <source>Changes apply from the next token, even mid-answer, and are kept with this conversation.</source>
      <translation>更改从下一个词元起生效（回答中途也是如此），并随此对话保存。</translation>
    </message>
    <message>
      <source>Temperature (0 = greedy)</source>
      <translation>温度（0 = 贪心）</translation>
    </message>
    <message>
      <source>Top-k (0 = off)</source>
      <translation>Top-k（0 = 关闭）</translation>
    </message>
    <message>
      <source>Top-p (1 = off)</source>
      <translation>Top-p（1 = 关闭）</translation>
    </message>
    <message>
      <source>Min-p (0 = off)</source>
      <translation>Min-p（0 = 关闭）</translation>
    </message>
    <message>
      <source>Repetition penalty (1 = off)</source>
      <translation>重复惩罚（1 = 关闭）</translation>
    </message>
    <message>
      <source>Max new tokens</source>
      <translation>最多新词元数</translation>
    </message>
    <message>
      <source>Seed (−1 = random for each answer)</source>
      <translation>种子（−1 = 每次回答随机）</translation>
    </message>
    <message>
      <source>Reset to defaults</source>
      <translation>恢复默认值</translation>
    </message>
  </context>
  <context>
    <name>SamplingRow</name>
    <message>
      <source>%1 value</source>
      <translation>%1 的值</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>语言</translation>
    </message>
    <message>
      <source>History file</source>
      <translation>历史文件</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>New conversation</source>
      <translation>新对话</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>开始新对话（Ctrl+N）</translation>
    </message>
    <message>
      <source>Search conversations (Ctrl+F)</source>
      <translation>搜索对话（Ctrl+F）</translation>
    </message>
    <message>
      <source>Search titles and messages</source>
      <translation>搜索标题和消息</translation>
    </message>
    <message>
      <source>No conversation matches</source>
      <translation>没有匹配的对话</translation>
    </message>
    <message>
      <source>No conversations yet</source>
      <translation>还没有对话</translation>
    </message>
    <message>
      <source>Delete conversation?</source>
      <translation>删除对话？</translation>
    </message>
    <message>
      <source>“%1” and all its messages will be deleted. This cannot be undone.</source>
      <translation>“%1”及其所有消息将被删除。此操作无法撤销。</translation>
    </message>
  </context>
  <context>
    <name>SystemPromptDialog</name>
    <message>
      <source>System prompt</source>
      <translation>系统提示词</translation>
    </message>
    <message>
      <source>Applies to this conversation from its next answer.</source>
      <translation>从下一个回答起应用于此对话。</translation>
    </message>
    <message>
      <source>For example: You are a concise assistant.</source>
      <translation>例如：你是一个简洁的助手。</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <source>Chat with Mixture-of-Experts models on your own machine.</source>
      <translation>在您自己的机器上与混合专家（MoE）模型聊天。</translation>
    </message>
    <message>
      <source>Load the model in DIR at start.</source>
      <translation>启动时加载 DIR 中的模型。</translation>
    </message>
    <message>
      <source>Keep the chat history in FILE.</source>
      <translation>将聊天历史保存在 FILE 中。</translation>
    </message>
  </context>
</TS>
