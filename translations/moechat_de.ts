<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
  <context>
    <name>AppController</name>
    <message>
      <source>System language</source>
      <translation>Systemsprache</translation>
    </message>
    <message>
      <source>Unknown export format “%1”.</source>
      <translation>Unbekanntes Exportformat „%1“.</translation>
    </message>
    <message numerus="yes">
      <source>Imported %n conversation(s).</source>
      <translation>
        <numerusform>%n Unterhaltung importiert.</numerusform>
        <numerusform>%n Unterhaltungen importiert.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BranchSwitcher</name>
    <message>
      <source>Previous version</source>
      <translation>Vorherige Version</translation>
    </message>
    <message>
      <source>%1/%2</source>
      <translation>%1/%2</translation>
    </message>
    <message>
      <source>Version %1 of %2</source>
      <translation>Version %1 von %2</translation>
    </message>
    <message>
      <source>Next version</source>
      <translation>Nächste Version</translation>
    </message>
  </context>
  <context>
    <name>ChatController</name>
    <message>
      <source>reading the conversation… %1 %</source>
      <translation>liest den Verlauf… %1 %</translation>
    </message>
    <message>
      <source>An answer is still being written. Stop it (Esc) or wait for it to finish.</source>
      <translation>Es wird noch eine Antwort geschrieben. Halten Sie sie an (Esc) oder warten Sie, bis sie fertig ist.</translation>
    </message>
    <message>
      <source>First token after %1 ms · %2 tokens/s</source>
      <translation>Erstes Token nach %1 ms · %2 Token/s</translation>
    </message>
    <message>
      <source>The model is still loading. Send again when the progress bar is done.</source>
      <translation>Das Modell wird noch geladen. Senden Sie erneut, wenn der Fortschrittsbalken voll ist.</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>Kein Modell geladen. Öffnen Sie eines mit „Modell öffnen…“ in der Werkzeugleiste (Strg+O).</translation>
    </message>
  </context>
  <context>
    <name>ChatView</name>
    <message>
      <source>Type a message below to start.</source>
      <translation>Geben Sie unten eine Nachricht ein, um zu beginnen.</translation>
    </message>
    <message>
      <source>Loading the model…</source>
      <translation>Modell wird geladen…</translation>
    </message>
    <message>
      <source>Open a model to start.</source>
      <translation>Öffnen Sie ein Modell, um zu beginnen.</translation>
    </message>
  </context>
  <context>
    <name>Cli</name>
    <message>
      <source>unknown option %1; usage: %2</source>
      <translation>unbekannte Option %1; Aufruf: %2</translation>
    </message>
    <message>
      <source>%1 needs a value; usage: %2</source>
      <translation>%1 braucht einen Wert; Aufruf: %2</translation>
    </message>
    <message>
      <source>export needs --db, --format and --out; usage: %1</source>
      <translation>export braucht --db, --format und --out; Aufruf: %1</translation>
    </message>
    <message>
      <source>unknown format “%1”; use md, json or html</source>
      <translation>unbekanntes Format „%1“; verwenden Sie md, json oder html</translation>
    </message>
    <message>
      <source>--conversation takes a conversation id (a number)</source>
      <translation>--conversation erwartet die Nummer einer Unterhaltung</translation>
    </message>
    <message>
      <source>there is no history database at %1</source>
      <translation>unter %1 gibt es keine Verlaufsdatenbank</translation>
    </message>
    <message>
      <source>import needs --db and --in; usage: %1</source>
      <translation>import braucht --db und --in; Aufruf: %1</translation>
    </message>
    <message numerus="yes">
      <source>imported %n conversation(s)</source>
      <translation>
        <numerusform>%n Unterhaltung importiert</numerusform>
        <numerusform>%n Unterhaltungen importiert</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CodeBlock</name>
    <message>
      <source>Copy code</source>
      <translation>Code kopieren</translation>
    </message>
    <message>
      <source>Copy this code block</source>
      <translation>Diesen Codeblock kopieren</translation>
    </message>
  </context>
  <context>
    <name>Composer</name>
    <message>
      <source>Message (Enter to send, Shift+Enter for a new line)</source>
      <translation>Nachricht (Eingabe sendet, Umschalt+Eingabe für eine neue Zeile)</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Nachricht</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Anhalten</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Senden</translation>
    </message>
    <message>
      <source>Stop the answer (Esc)</source>
      <translation>Antwort anhalten (Esc)</translation>
    </message>
    <message>
      <source>Send the message (Enter)</source>
      <translation>Nachricht senden (Eingabe)</translation>
    </message>
  </context>
  <context>
    <name>ConversationDelegate</name>
    <message>
      <source>New title</source>
      <translation>Neuer Titel</translation>
    </message>
    <message>
      <source>Actions for “%1”</source>
      <translation>Aktionen für „%1“</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>Umbenennen</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Löschen…</translation>
    </message>
  </context>
  <context>
    <name>ConversationListModel</name>
    <message>
      <source>Today</source>
      <translation>Heute</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Gestern</translation>
    </message>
    <message>
      <source>Previous 7 days</source>
      <translation>Letzte 7 Tage</translation>
    </message>
    <message>
      <source>Previous 30 days</source>
      <translation>Letzte 30 Tage</translation>
    </message>
  </context>
  <context>
    <name>Database</name>
    <message>
      <source>%1 is not a moechat history database. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 ist keine moechat-Verlaufsdatenbank. Die Datei wurde nicht verändert; wählen Sie eine andere Datei (--db DATEI).</translation>
    </message>
    <message>
      <source>%1 is in use by another moechat window. Close that window, or start with another history file (--db FILE).</source>
      <translation>%1 wird von einem anderen moechat-Fenster verwendet. Schließen Sie dieses Fenster oder starten Sie mit einer anderen Verlaufsdatei (--db DATEI).</translation>
    </message>
    <message>
      <source>Cannot open %1 for writing: check that the folder exists and that you may write to it.</source>
      <translation>%1 kann nicht zum Schreiben geöffnet werden: Prüfen Sie, ob der Ordner existiert und Sie darin schreiben dürfen.</translation>
    </message>
    <message>
      <source>The disk holding %1 is full. Free some space and try again.</source>
      <translation>Der Datenträger mit %1 ist voll. Geben Sie Speicherplatz frei und versuchen Sie es erneut.</translation>
    </message>
    <message>
      <source>The history database %1 reported an error: %2</source>
      <translation>Die Verlaufsdatenbank %1 meldet einen Fehler: %2</translation>
    </message>
    <message>
      <source>%1 is a folder, not a history file. Choose a file name (--db FILE).</source>
      <translation>%1 ist ein Ordner, keine Verlaufsdatei. Wählen Sie einen Dateinamen (--db DATEI).</translation>
    </message>
    <message>
      <source>%1 was written by a newer version of moechat (history format %2; this version reads up to %3). Update moechat to open it; the file was left untouched.</source>
      <translation>%1 wurde von einer neueren moechat-Version geschrieben (Verlaufsformat %2; diese Version liest bis %3). Aktualisieren Sie moechat, um sie zu öffnen; die Datei wurde nicht verändert.</translation>
    </message>
    <message>
      <source>%1 is an SQLite database of another program, not a moechat history. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 ist eine SQLite-Datenbank eines anderen Programms, kein moechat-Verlauf. Sie wurde nicht verändert; wählen Sie eine andere Datei (--db DATEI).</translation>
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
      <translation>CUDA-GPUs</translation>
    </message>
    <message>
      <source>(no GPU: %1)</source>
      <translation>(keine GPU: %1)</translation>
    </message>
    <message>
      <source>GPU %1: %2 (%3 free)</source>
      <translation>GPU %1: %2 (%3 frei)</translation>
    </message>
    <message>
      <source>Tensor-parallel ranks</source>
      <translation>Tensor-parallele Ränge</translation>
    </message>
  </context>
  <context>
    <name>EngineWorker</name>
    <message>
      <source>Loading was cancelled.</source>
      <translation>Das Laden wurde abgebrochen.</translation>
    </message>
    <message>
      <source>Could not load %1: %2</source>
      <translation>%1 konnte nicht geladen werden: %2</translation>
    </message>
    <message>
      <source>Could not load %1 (unknown error).</source>
      <translation>%1 konnte nicht geladen werden (unbekannter Fehler).</translation>
    </message>
    <message>
      <source>The message is %1 tokens long but the model's context holds %2. Shorten it.</source>
      <translation>Die Nachricht ist %1 Token lang, der Kontext des Modells fasst aber %2. Kürzen Sie sie.</translation>
    </message>
    <message>
      <source>The answer could not be generated: %1</source>
      <translation>Die Antwort konnte nicht erzeugt werden: %1</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>Kein Modell geladen. Öffnen Sie eines mit „Modell öffnen…“ in der Werkzeugleiste (Strg+O).</translation>
    </message>
  </context>
  <context>
    <name>ErrorBanner</name>
    <message>
      <source>Dismiss the message</source>
      <translation>Meldung schließen</translation>
    </message>
  </context>
  <context>
    <name>ErrorPage</name>
    <message>
      <source>moechat cannot open its history</source>
      <translation>moechat kann seinen Verlauf nicht öffnen</translation>
    </message>
    <message>
      <source>Your conversations are safe: the file was not changed.</source>
      <translation>Ihre Unterhaltungen sind sicher: Die Datei wurde nicht verändert.</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export</source>
      <translation>Exportieren</translation>
    </message>
    <message>
      <source>Exported to %1</source>
      <translation>Exportiert nach %1</translation>
    </message>
    <message>
      <source>moechat JSON export (*.json)</source>
      <translation>moechat-JSON-Export (*.json)</translation>
    </message>
    <message>
      <source>What</source>
      <translation>Was</translation>
    </message>
    <message>
      <source>This conversation</source>
      <translation>Diese Unterhaltung</translation>
    </message>
    <message>
      <source>All conversations</source>
      <translation>Alle Unterhaltungen</translation>
    </message>
    <message>
      <source>What to export</source>
      <translation>Was exportiert wird</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <source>Markdown</source>
      <translation>Markdown</translation>
    </message>
    <message>
      <source>JSON (can be imported)</source>
      <translation>JSON (importierbar)</translation>
    </message>
    <message>
      <source>HTML</source>
      <translation>HTML</translation>
    </message>
    <message>
      <source>Export format</source>
      <translation>Exportformat</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exportieren…</translation>
    </message>
    <message>
      <source>Import JSON…</source>
      <translation>JSON importieren…</translation>
    </message>
  </context>
  <context>
    <name>Exporter</name>
    <message>
      <source>There is no conversation with id %1 in %2.</source>
      <translation>In %2 gibt es keine Unterhaltung mit der Nummer %1.</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Benutzer</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistent</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Systemanweisung</translation>
    </message>
    <message>
      <source>moechat conversations</source>
      <translation>moechat-Unterhaltungen</translation>
    </message>
    <message>
      <source>%1: “%2” is not an ISO 8601 time.</source>
      <translation>%1: „%2“ ist keine ISO-8601-Zeitangabe.</translation>
    </message>
    <message>
      <source>conversation %1</source>
      <translation>Unterhaltung %1</translation>
    </message>
    <message>
      <source>%1 has no "messages" list.</source>
      <translation>%1 hat keine "messages"-Liste.</translation>
    </message>
    <message>
      <source>Imported conversation</source>
      <translation>Importierte Unterhaltung</translation>
    </message>
    <message>
      <source>%1, message %2</source>
      <translation>%1, Nachricht %2</translation>
    </message>
    <message>
      <source>%1 has no text in "content".</source>
      <translation>%1 hat keinen Text in "content".</translation>
    </message>
    <message>
      <source>%1 is a second system message; a conversation has one system prompt.</source>
      <translation>%1 ist eine zweite Systemnachricht; eine Unterhaltung hat genau eine Systemanweisung.</translation>
    </message>
    <message>
      <source>%1 has role “%2”; it must be "system", "user" or "assistant".</source>
      <translation>%1 hat die Rolle „%2“; erlaubt sind "system", "user" oder "assistant".</translation>
    </message>
    <message>
      <source>%1 needs a unique positive "id".</source>
      <translation>%1 braucht eine eindeutige positive "id".</translation>
    </message>
    <message>
      <source>%1 names parent %2, which does not come before it.</source>
      <translation>%1 nennt den Vorgänger %2, der nicht vor ihr steht.</translation>
    </message>
    <message>
      <source>%1: "current_leaf" %2 is not one of its messages.</source>
      <translation>%1: "current_leaf" %2 ist keine ihrer Nachrichten.</translation>
    </message>
    <message>
      <source>Could not write %1: %2. Choose another place to save the export.</source>
      <translation>%1 konnte nicht geschrieben werden: %2. Wählen Sie einen anderen Speicherort für den Export.</translation>
    </message>
    <message>
      <source>The file is not valid JSON (%1 at byte %2).</source>
      <translation>Die Datei ist kein gültiges JSON (%1 bei Byte %2).</translation>
    </message>
    <message>
      <source>The file is not a moechat export (its "format" is not "%1").</source>
      <translation>Die Datei ist kein moechat-Export (ihr "format" ist nicht "%1").</translation>
    </message>
    <message>
      <source>The file was exported by a newer moechat (format version %1; this version reads %2). Update moechat to import it.</source>
      <translation>Die Datei stammt von einem neueren moechat (Formatversion %1; diese Version liest %2). Aktualisieren Sie moechat, um sie zu importieren.</translation>
    </message>
    <message>
      <source>Could not read %1: %2.</source>
      <translation>%1 konnte nicht gelesen werden: %2.</translation>
    </message>
  </context>
  <context>
    <name>FirstRunView</name>
    <message>
      <source>Welcome to moechat</source>
      <translation>Willkommen bei moechat</translation>
    </message>
    <message>
      <source>Open a model folder…</source>
      <translation>Modellordner öffnen…</translation>
    </message>
    <message>
      <source>Try the small demo model</source>
      <translation>Das kleine Demomodell ausprobieren</translation>
    </message>
    <message>
      <source>no GPU found</source>
      <translation>keine GPU gefunden</translation>
    </message>
    <message>
      <source>does not fit</source>
      <translation>passt nicht</translation>
    </message>
    <message>
      <source>%1 (%2 each)</source>
      <translation>%1 (je %2)</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>passt</translation>
    </message>
    <message>
      <source>moechat chats with Mixture-of-Experts language models such as Mixtral and Zephyr, running on this computer's GPUs or processor. Nothing you type leaves this machine.</source>
      <translation>moechat chattet mit Mixture-of-Experts-Sprachmodellen wie Mixtral und Zephyr, die auf den GPUs oder dem Prozessor dieses Computers laufen. Nichts, was Sie eingeben, verlässt diesen Rechner.</translation>
    </message>
    <message>
      <source>To begin, open a model folder downloaded from Hugging Face (config.json, the .safetensors files, tokenizer.model and tokenizer_config.json), or try the small demo model to see how moechat works: it answers quickly, with nonsense.</source>
      <translation>Öffnen Sie zum Start einen von Hugging Face heruntergeladenen Modellordner (config.json, die .safetensors-Dateien, tokenizer.model und tokenizer_config.json), oder probieren Sie das kleine Demomodell, um zu sehen, wie moechat funktioniert: Es antwortet schnell, aber mit Unsinn.</translation>
    </message>
    <message>
      <source>Hardware found</source>
      <translation>Gefundene Hardware</translation>
    </message>
    <message>
      <source>GPU %1: %2, %3 (%4 free)</source>
      <translation>GPU %1: %2, %3 (%4 frei)</translation>
    </message>
    <message>
      <source>No NVIDIA GPU found: models run on the processor, which is much slower.</source>
      <translation>Keine NVIDIA-GPU gefunden: Modelle laufen auf dem Prozessor, was viel langsamer ist.</translation>
    </message>
    <message>
      <source>System memory available: %1</source>
      <translation>Verfügbarer Arbeitsspeicher: %1</translation>
    </message>
    <message>
      <source>Known models in bf16</source>
      <translation>Bekannte Modelle in bf16</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modell</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Größe</translation>
    </message>
    <message>
      <source>GPUs needed</source>
      <translation>Benötigte GPUs</translation>
    </message>
    <message>
      <source>In system memory</source>
      <translation>Im Arbeitsspeicher</translation>
    </message>
    <message>
      <source>Computed for a %1-token context with the memory free now. Several GPUs share a model by tensor parallelism; the processor runs any model that fits in system memory, slowly.</source>
      <translation>Berechnet für einen Kontext von %1 Token mit dem derzeit freien Speicher. Mehrere GPUs teilen sich ein Modell per Tensor-Parallelität; der Prozessor führt jedes Modell aus, das in den Arbeitsspeicher passt, aber langsam.</translation>
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
      <translation>Modell öffnen…</translation>
    </message>
    <message>
      <source>Choose and load a model</source>
      <translation>Modell wählen und laden</translation>
    </message>
    <message>
      <source>Open a model folder (Ctrl+O)</source>
      <translation>Modellordner öffnen (Strg+O)</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Ladefortschritt</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Systemanweisung</translation>
    </message>
    <message>
      <source>Edit the system prompt of this conversation</source>
      <translation>Systemanweisung dieser Unterhaltung bearbeiten</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>Sampling</translation>
    </message>
    <message>
      <source>Show or hide the sampling settings</source>
      <translation>Sampling-Einstellungen ein- oder ausblenden</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Exportieren</translation>
    </message>
    <message>
      <source>Export conversations (Ctrl+E)</source>
      <translation>Unterhaltungen exportieren (Strg+E)</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>Settings (Ctrl+,)</source>
      <translation>Einstellungen (Strg+,)</translation>
    </message>
  </context>
  <context>
    <name>MemoryPlanView</name>
    <message>
      <source>Memory plan</source>
      <translation>Speicherplan</translation>
    </message>
    <message>
      <source>%1: %2 (weights %3, KV cache %4, workspace %5) of %6</source>
      <translation>%1: %2 (Gewichte %3, KV-Cache %4, Arbeitsspeicher %5) von %6</translation>
    </message>
    <message>
      <source>This model does not fit: %1. Choose more GPUs or a smaller model.</source>
      <translation>Dieses Modell passt nicht: %1. Wählen Sie mehr GPUs oder ein kleineres Modell.</translation>
    </message>
  </context>
  <context>
    <name>MessageDelegate</name>
    <message>
      <source>You</source>
      <translation>Sie</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistent</translation>
    </message>
    <message>
      <source>(interrupted)</source>
      <translation>(unterbrochen)</translation>
    </message>
    <message>
      <source>(stopped)</source>
      <translation>(angehalten)</translation>
    </message>
    <message>
      <source>(failed)</source>
      <translation>(fehlgeschlagen)</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>schreibt…</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Kopieren</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Bearbeiten</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Neu erzeugen</translation>
    </message>
    <message>
      <source>Hide details</source>
      <translation>Details ausblenden</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Details</translation>
    </message>
  </context>
  <context>
    <name>MessageEditor</name>
    <message>
      <source>Edited message</source>
      <translation>Bearbeitete Nachricht</translation>
    </message>
    <message>
      <source>Save and resend</source>
      <translation>Speichern und erneut senden</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Abbrechen</translation>
    </message>
  </context>
  <context>
    <name>MessageListModel</name>
    <message>
      <source>Model: %1</source>
      <translation>Modell: %1</translation>
    </message>
    <message>
      <source>temperature %1, top-k %2, top-p %3, min-p %4, repetition penalty %5, max %6 tokens</source>
      <translation>Temperatur %1, Top-k %2, Top-p %3, Min-p %4, Wiederholungsstrafe %5, höchstens %6 Token</translation>
    </message>
    <message>
      <source>seed %1</source>
      <translation>Seed %1</translation>
    </message>
    <message numerus="yes">
      <source>settings changed %n time(s) while answering</source>
      <translation>
        <numerusform>Einstellungen während der Antwort %n-mal geändert</numerusform>
        <numerusform>Einstellungen während der Antwort %n-mal geändert</numerusform>
      </translation>
    </message>
    <message>
      <source>first token after %1 ms, %2 tokens/s</source>
      <translation>erstes Token nach %1 ms, %2 Token/s</translation>
    </message>
  </context>
  <context>
    <name>ModelController</name>
    <message>
      <source>%1 experts, %2 per token</source>
      <translation>%1 Experten, %2 pro Token</translation>
    </message>
    <message>
      <source>dense (no experts)</source>
      <translation>dicht (keine Experten)</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
  </context>
  <context>
    <name>ModelDialog</name>
    <message>
      <source>Model</source>
      <translation>Modell</translation>
    </message>
    <message>
      <source>Choose a model folder</source>
      <translation>Modellordner wählen</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>Ordner wählen…</translation>
    </message>
    <message>
      <source>Recent models</source>
      <translation>Zuletzt verwendete Modelle</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Ladefortschritt</translation>
    </message>
    <message>
      <source>Loaded: %1</source>
      <translation>Geladen: %1</translation>
    </message>
    <message>
      <source>Cancel loading</source>
      <translation>Laden abbrechen</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Laden</translation>
    </message>
  </context>
  <context>
    <name>ModelSummary</name>
    <message>
      <source>Architecture</source>
      <translation>Architektur</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Parameter</translation>
    </message>
    <message>
      <source>%1 (%2 active per token)</source>
      <translation>%1 (%2 aktiv pro Token)</translation>
    </message>
    <message>
      <source>Experts</source>
      <translation>Experten</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>Gewichte</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Schichten</translation>
    </message>
    <message>
      <source>Tokenizer</source>
      <translation>Tokenizer</translation>
    </message>
    <message>
      <source>found</source>
      <translation>gefunden</translation>
    </message>
    <message>
      <source>missing: this folder cannot be chatted with</source>
      <translation>fehlt: mit diesem Ordner kann nicht gechattet werden</translation>
    </message>
  </context>
  <context>
    <name>PresetEditor</name>
    <message>
      <source>Presets</source>
      <translation>Vorlagen</translation>
    </message>
    <message>
      <source>%1 (default)</source>
      <translation>%1 (Standard)</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Verwenden</translation>
    </message>
    <message>
      <source>Make default</source>
      <translation>Als Standard</translation>
    </message>
    <message>
      <source>Overwrite</source>
      <translation>Überschreiben</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Löschen</translation>
    </message>
    <message>
      <source>Name for a new preset</source>
      <translation>Name für eine neue Vorlage</translation>
    </message>
    <message>
      <source>Save as preset</source>
      <translation>Als Vorlage speichern</translation>
    </message>
  </context>
  <context>
    <name>PresetListModel</name>
    <message>
      <source>Give the preset a name.</source>
      <translation>Geben Sie der Vorlage einen Namen.</translation>
    </message>
    <message>
      <source>A preset named “%1” already exists; choose another name.</source>
      <translation>Eine Vorlage namens „%1“ gibt es schon; wählen Sie einen anderen Namen.</translation>
    </message>
  </context>
  <context>
    <name>QObject</name>
    <message>
      <source>%1 B</source>
      <translation>%1 Mrd.</translation>
    </message>
    <message>
      <source>%1 M</source>
      <translation>%1 Mio.</translation>
    </message>
  </context>
  <context>
    <name>SamplingPanel</name>
    <message>
      <source>Sampling</source>
      <translation>Sampling</translation>
    </message>
    <message>
      <source>Changes apply from the next token, even mid-answer, and are kept with this conversation.</source>
      <translation>Änderungen gelten ab dem nächsten Token, auch mitten in einer Antwort, und werden mit dieser Unterhaltung gespeichert.</translation>
    </message>
    <message>
      <source>Temperature (0 = greedy)</source>
      <translation>Temperatur (0 = gierig)</translation>
    </message>
    <message>
      <source>Top-k (0 = off)</source>
      <translation>Top-k (0 = aus)</translation>
    </message>
    <message>
      <source>Top-p (1 = off)</source>
      <translation>Top-p (1 = aus)</translation>
    </message>
    <message>
      <source>Min-p (0 = off)</source>
      <translation>Min-p (0 = aus)</translation>
    </message>
    <message>
      <source>Repetition penalty (1 = off)</source>
      <translation>Wiederholungsstrafe (1 = aus)</translation>
    </message>
    <message>
      <source>Max new tokens</source>
      <translation>Höchstens neue Token</translation>
    </message>
    <message>
      <source>Seed (−1 = random for each answer)</source>
      <translation>Seed (−1 = zufällig für jede Antwort)</translation>
    </message>
    <message>
      <source>Reset to defaults</source>
      <translation>Auf Standardwerte zurücksetzen</translation>
    </message>
  </context>
  <context>
    <name>SamplingRow</name>
    <message>
      <source>%1 value</source>
      <translation>Wert für %1</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Sprache</translation>
    </message>
    <message>
      <source>History file</source>
      <translation>Verlaufsdatei</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>New conversation</source>
      <translation>Neue Unterhaltung</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>Neue Unterhaltung beginnen (Strg+N)</translation>
    </message>
    <message>
      <source>Search conversations (Ctrl+F)</source>
      <translation>Unterhaltungen durchsuchen (Strg+F)</translation>
    </message>
    <message>
      <source>Search titles and messages</source>
      <translation>Titel und Nachrichten durchsuchen</translation>
    </message>
    <message>
      <source>No conversation matches</source>
      <translation>Keine Unterhaltung passt</translation>
    </message>
    <message>
      <source>No conversations yet</source>
      <translation>Noch keine Unterhaltungen</translation>
    </message>
    <message>
      <source>Delete conversation?</source>
      <translation>Unterhaltung löschen?</translation>
    </message>
    <message>
      <source>“%1” and all its messages will be deleted. This cannot be undone.</source>
      <translation>„%1“ und alle Nachrichten darin werden gelöscht. Das lässt sich nicht rückgängig machen.</translation>
    </message>
  </context>
  <context>
    <name>SystemPromptDialog</name>
    <message>
      <source>System prompt</source>
      <translation>Systemanweisung</translation>
    </message>
    <message>
      <source>Applies to this conversation from its next answer.</source>
      <translation>Gilt für diese Unterhaltung ab der nächsten Antwort.</translation>
    </message>
    <message>
      <source>For example: You are a concise assistant.</source>
      <translation>Zum Beispiel: Du bist ein knapper Assistent.</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <source>Chat with Mixture-of-Experts models on your own machine.</source>
      <translation>Chatten Sie mit Mixture-of-Experts-Modellen auf Ihrem eigenen Rechner.</translation>
    </message>
    <message>
      <source>Load the model in DIR at start.</source>
      <translation>Beim Start das Modell in DIR laden.</translation>
    </message>
    <message>
      <source>Keep the chat history in FILE.</source>
      <translation>Den Chatverlauf in FILE speichern.</translation>
    </message>
  </context>
</TS>
