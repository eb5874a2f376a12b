<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
  <context>
    <name>AppController</name>
    <message>
      <source>System language</source>
      <translation>Idioma del sistema</translation>
    </message>
    <message>
      <source>Unknown export format “%1”.</source>
      <translation>Formato de exportación desconocido «%1».</translation>
    </message>
    <message numerus="yes">
      <source>Imported %n conversation(s).</source>
      <translation>
        <numerusform>Se importó %n conversación.</numerusform>
        <numerusform>Se importaron %n conversaciones.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BranchSwitcher</name>
    <message>
      <source>Previous version</source>
      <translation>Versión anterior</translation>
    </message>
    <message>
      <source>%1/%2</source>
      <translation>%1/%2</translation>
    </message>
    <message>
      <source>Version %1 of %2</source>
      <translation>Versión %1 de %2</translation>
    </message>
    <message>
      <source>Next version</source>
      <translation>Versión siguiente</translation>
    </message>
  </context>
  <context>
    <name>ChatController</name>
    <message>
      <source>reading the conversation… %1 %</source>
      <translation>leyendo la conversación… %1 %</translation>
    </message>
    <message>
      <source>An answer is still being written. Stop it (Esc) or wait for it to finish.</source>
      <translation>Todavía se está escribiendo una respuesta. Deténgala (Esc) o espere a que termine.</translation>
    </message>
    <message>
      <source>First token after %1 ms · %2 tokens/s</source>
      <translation>Primer token tras %1 ms · %2 tokens/s</translation>
    </message>
    <message>
      <source>The model is still loading. Send again when the progress bar is done.</source>
      <translation>El modelo todavía se está cargando. Vuelva a enviar cuando la barra de progreso termine.</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>No hay ningún modelo cargado. Abra uno con «Abrir modelo…» en la barra de herramientas (Ctrl+O).</translation>
    </message>
  </context>
  <context>
    <name>ChatView</name>
    <message>
      <source>Type a message below to start.</source>
      <translation>Escriba un mensaje abajo para empezar.</translation>
    </message>
    <message>
      <source>Loading the model…</source>
      <translation>Cargando el modelo…</translation>
    </message>
    <message>
      <source>Open a model to start.</source>
      <translation>Abra un modelo para empezar.</translation>
    </message>
  </context>
  <context>
    <name>Cli</name>
    <message>
      <source>unknown option %1; usage: %2</source>
      <translation>opción desconocida %1; uso: %2</translation>
    </message>
    <message>
      <source>%1 needs a value; usage: %2</source>
      <translation>%1 necesita un valor; uso: %2</translation>
    </message>
    <message>
      <source>export needs --db, --format and --out; usage: %1</source>
      <translation>export necesita --db, --format y --out; uso: %1</translation>
    </message>
    <message>
      <source>unknown format “%1”; use md, json or html</source>
      <translation>formato desconocido «%1»; use md, json o html</translation>
    </message>
    <message>
      <source>--conversation takes a conversation id (a number)</source>
      <translation>--conversation espera el identificador de una conversación (un número)</translation>
    </message>
    <message>
      <source>there is no history database at %1</source>
      <translation>no hay ninguna base de datos de historial en %1</translation>
    </message>
    <message>
      <source>import needs --db and --in; usage: %1</source>
      <translation>import necesita --db y --in; uso: %1</translation>
    </message>
    <message numerus="yes">
      <source>imported %n conversation(s)</source>
      <translation>
        <numerusform>se importó %n conversación</numerusform>
        <numerusform>se importaron %n conversaciones</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CodeBlock</name>
    <message>
      <source>Copy code</source>
      <translation>Copiar código</translation>
    </message>
    <message>
      <source>Copy this code block</source>
      <translation>Copiar este bloque de código</translation>
    </message>
  </context>
  <context>
    <name>Composer</name>
    <message>
      <source>Message (Enter to send, Shift+Enter for a new line)</source>
      <translation>Mensaje (Intro para enviar, Mayús+Intro para una línea nueva)</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Mensaje</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Detener</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Enviar</translation>
    </message>
    <message>
      <source>Stop the answer (Esc)</source>
      <translation>Detener la respuesta (Esc)</translation>
    </message>
    <message>
      <source>Send the message (Enter)</source>
      <translation>Enviar el mensaje (Intro)</translation>
    </message>
  </context>
  <context>
    <name>ConversationDelegate</name>
    <message>
      <source>New title</source>
      <translation>Nuevo título</translation>
    </message>
    <message>
      <source>Actions for “%1”</source>
      <translation>Acciones para «%1»</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>Cambiar nombre</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Eliminar…</translation>
    </message>
  </context>
  <context>
    <name>ConversationListModel</name>
    <message>
      <source>Today</source>
      <translation>Hoy</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Ayer</translation>
    </message>
    <message>
      <source>Previous 7 days</source>
      <translation>Últimos 7 días</translation>
    </message>
    <message>
      <source>Previous 30 days</source>
      <translation>Últimos 30 días</translation>
    </message>
  </context>
  <context>
    <name>Database</name>
    <message>
      <source>%1 is not a moechat history database. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 no es una base de datos de historial de moechat. No se ha modificado; elija otro archivo (--db ARCHIVO).</translation>
    </message>
    <message>
      <source>%1 is in use by another moechat window. Close that window, or start with another history file (--db FILE).</source>
      <translation>%1 está en uso por otra ventana de moechat. Ciérrela o inicie con otro archivo de historial (--db ARCHIVO).</translation>
    </message>
    <message>
      <source>Cannot open %1 for writing: check that the folder exists and that you may write to it.</source>
      <translation>No se puede abrir %1 para escribir: compruebe que la carpeta existe y que puede escribir en ella.</translation>
    </message>
    <message>
      <source>The disk holding %1 is full. Free some space and try again.</source>
      <translation>El disco que contiene %1 está lleno. Libere espacio e inténtelo de nuevo.</translation>
    </message>
    <message>
      <source>The history database %1 reported an error: %2</source>
      <translation>La base de datos de historial %1 informó de un error: %2</translation>
    </message>
    <message>
      <source>%1 is a folder, not a history file. Choose a file name (--db FILE).</source>
      <translation>%1 es una carpeta, no un archivo de historial. Elija un nombre de archivo (--db ARCHIVO).</translation>
    </message>
    <message>
      <source>%1 was written by a newer version of moechat (history format %2; this version reads up to %3). Update moechat to open it; the file was left untouched.</source>
      <translation>%1 fue escrito por una versión más reciente de moechat (formato de historial %2; esta versión lee hasta %3). Actualice moechat para abrirlo; el archivo no se ha modificado.</translation>
    </message>
    <message>
      <source>%1 is an SQLite database of another program, not a moechat history. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 es una base de datos SQLite de otro programa, no un historial de moechat. No se ha modificado; elija otro archivo (--db ARCHIVO).</translation>
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
      <translation>GPU CUDA</translation>
    </message>
    <message>
      <source>(no GPU: %1)</source>
      <translation>(sin GPU: %1)</translation>
    </message>
    <message>
      <source>GPU %1: %2 (%3 free)</source>
      <translation>GPU %1: %2 (%3 libres)</translation>
    </message>
    <message>
      <source>Tensor-parallel ranks</source>
      <translation>Rangos de paralelismo de tensores</translation>
    </message>
  </context>
  <context>
    <name>EngineWorker</name>
    <message>
      <source>Loading was cancelled.</source>
      <translation>Se canceló la carga.</translation>
    </message>
    <message>
      <source>Could not load %1: %2</source>
      <translation>No se pudo cargar %1: %2</translation>
    </message>
    <message>
      <source>Could not load %1 (unknown error).</source>
      <translation>No se pudo cargar %1 (error desconocido).</translation>
    </message>
    <message>
      <source>The message is %1 tokens long but the model's context holds %2. Shorten it.</source>
      <translation>El mensaje tiene %1 tokens, pero el contexto del modelo admite %2. Acórtelo.</translation>
    </message>
    <message>
      <source>The answer could not be generated: %1</source>
      <translation>No se pudo generar la respuesta: %1</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>No hay ningún modelo cargado. Abra uno con «Abrir modelo…» en la barra de herramientas (Ctrl+O).</translation>
    </message>
  </context>
  <context>
    <name>ErrorBanner</name>
    <message>
      <source>Dismiss the message</source>
      <translation>Descartar el mensaje</translation>
    </message>
  </context>
  <context>
    <name>ErrorPage</name>
    <message>
      <source>moechat cannot open its history</source>
      <translation>moechat no puede abrir su historial</translation>
    </message>
    <message>
      <source>Your conversations are safe: the file was not changed.</source>
      <translation>Sus conversaciones están a salvo: el archivo no se modificó.</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Salir</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export</source>
      <translation>Exportar</translation>
    </message>
    <message>
      <source>Exported to %1</source>
      <translation>Exportado a %1</translation>
    </message>
    <message>
      <source>moechat JSON export (*.json)</source>
      <translation>Exportación JSON de moechat (*.json)</translation>
    </message>
    <message>
      <source>What</source>
      <translation>Qué</translation>
    </message>
    <message>
      <source>This conversation</source>
      <translation>Esta conversación</translation>
    </message>
    <message>
      <source>All conversations</source>
      <translation>Todas las conversaciones</translation>
    </message>
    <message>
      <source>What to export</source>
      <translation>Qué exportar</translation>
    </message>
    <message>
      <source>Format</source>
      <translation>Formato</translation>
    </message>
    <message>
      <source>Markdown</source>
      <translation>Markdown</translation>
    </message>
    <message>
      <source>JSON (can be imported)</source>
      <translation>JSON (se puede importar)</translation>
    </message>
    <message>
      <source>HTML</source>
      <translation>HTML</translation>
    </message>
    <message>
      <source>Export format</source>
      <translation>Formato de exportación</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exportar…</translation>
    </message>
    <message>
      <source>Import JSON…</source>
      <translation>Importar JSON…</translation>
    </message>
  </context>
  <context>
    <name>Exporter</name>
    <message>
      <source>There is no conversation with id %1 in %2.</source>
      <translation>No hay ninguna conversación con el identificador %1 en %2.</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Usuario</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Asistente</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Instrucción del sistema</translation>
    </message>
    <message>
      <source>moechat conversations</source>
      <translation>Conversaciones de moechat</translation>
    </message>
    <message>
      <source>%1: “%2” is not an ISO 8601 time.</source>
      <translation>%1: «%2» no es una hora ISO 8601.</translation>
    </message>
    <message>
      <source>conversation %1</source>
      <translation>conversación %1</translation>
    </message>
    <message>
      <source>%1 has no "messages" list.</source>
      <translation>%1 no tiene una lista "messages".</translation>
    </message>
    <message>
      <source>Imported conversation</source>
      <translation>Conversación importada</translation>
    </message>
    <message>
      <source>%1, message %2</source>
      <translation>%1, mensaje %2</translation>
    </message>
    <message>
      <source>%1 has no text in "content".</source>
      <translation>%1 no tiene texto en "content".</translation>
    </message>
    <message>
      <source>%1 is a second system message; a conversation has one system prompt.</source>
      <translation>%1 es un segundo mensaje de sistema; una conversación tiene una sola instrucción del sistema.</translation>
    </message>
    <message>
      <source>%1 has role “%2”; it must be "system", "user" or "assistant".</source>
      <translation>%1 tiene el rol «%2»; debe ser "system", "user" o "assistant".</translation>
    </message>
    <message>
      <source>%1 needs a unique positive "id".</source>
      <translation>%1 necesita un "id" positivo y único.</translation>
    </message>
    <message>
      <source>%1 names parent %2, which does not come before it.</source>
      <translation>%1 indica el padre %2, que no aparece antes.</translation>
    </message>
    <message>
      <source>%1: "current_leaf" %2 is not one of its messages.</source>
      <translation>%1: "current_leaf" %2 no es uno de sus mensajes.</translation>
    </message>
    <message>
      <source>Could not write %1: %2. Choose another place to save the export.</source>
      <translation>No se pudo escribir %1: %2. Elija otro lugar para guardar la exportación.</translation>
    </message>
    <message>
      <source>The file is not valid JSON (%1 at byte %2).</source>
      <translation>El archivo no es JSON válido (%1 en el byte %2).</translation>
    </message>
    <message>
      <source>The file is not a moechat export (its "format" is not "%1").</source>
      <translation>El archivo no es una exportación de moechat (su "format" no es "%1").</translation>
    </message>
    <message>
      <source>The file was exported by a newer moechat (format version %1; this version reads %2). Update moechat to import it.</source>
      <translation>El archivo fue exportado por un moechat más reciente (versión de formato %1; esta versión lee %2). Actualice moechat para importarlo.</translation>
    </message>
    <message>
      <source>Could not read %1: %2.</source>
      <translation>No se pudo leer %1: %2.</translation>
    </message>
  </context>
  <context>
    <name>FirstRunView</name>
    <message>
      <source>Welcome to moechat</source>
      <translation>Bienvenido a moechat</translation>
    </message>
    <message>
      <source>Open a model folder…</source>
      <translation>Abrir una carpeta de modelo…</translation>
    </message>
    <message>
      <source>Try the small demo model</source>
      <translation>Probar el pequeño modelo de demostración</translation>
    </message>
    <message>
      <source>no GPU found</source>
      <translation>no se encontró GPU</translation>
    </message>
    <message>
      <source>does not fit</source>
      <translation>no cabe</translation>
    </message>
    <message>
      <source>%1 (%2 each)</source>
      <translation>%1 (%2 cada uno)</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>cabe</translation>
    </message>
    <message>
      <source>moechat chats with Mixture-of-Experts language models such as Mixtral and Zephyr, running on this computer's GPUs or processor. Nothing you type leaves this machine.</source>
      <translation>moechat conversa con modelos de lenguaje Mixture-of-Experts como Mixtral y Zephyr, que se ejecutan en las GPU o el procesador de este equipo. Nada de lo que escribe sale de esta máquina.</translation>
    </message>
    <message>
      <source>To begin, open a model folder downloaded from Hugging Face (config.json, the .safetensors files, tokenizer.model and tokenizer_config.json), or try the small demo model to see how moechat works: it answers quickly, with nonsense.</source>
      <translation>Para empezar, abra una carpeta de modelo descargada de Hugging Face (config.json, los archivos .safetensors, tokenizer.model y tokenizer_config.json), o pruebe el pequeño modelo de demostración para ver cómo funciona moechat: responde rápido, pero sin sentido.</translation>
    </message>
    <message>
      <source>Hardware found</source>
      <translation>Hardware encontrado</translation>
    </message>
    <message>
      <source>GPU %1: %2, %3 (%4 free)</source>
      <translation>GPU %1: %2, %3 (%4 libres)</translation>
    </message>
    <message>
      <source>No NVIDIA GPU found: models run on the processor, which is much slower.</source>
      <translation>No se encontró ninguna GPU NVIDIA: los modelos se ejecutan en el procesador, que es mucho más lento.</translation>
    </message>
    <message>
      <source>System memory available: %1</source>
      <translation>Memoria del sistema disponible: %1</translation>
    </message>
    <message>
      <source>Known models in bf16</source>
      <translation>Modelos conocidos en bf16</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modelo</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Tamaño</translation>
    </message>
    <message>
      <source>GPUs needed</source>
      <translation>GPU necesarias</translation>
    </message>
    <message>
      <source>In system memory</source>
      <translation>En la memoria del sistema</translation>
    </message>
    <message>
      <source>Computed for a %1-token context with the memory free now. Several GPUs share a model by tensor parallelism; the processor runs any model that fits in system memory, slowly.</source>
      <translation>Calculado para un contexto de %1 tokens con la memoria libre ahora. Varias GPU comparten un modelo mediante paralelismo de tensores; el procesador ejecuta cualquier modelo que quepa en la memoria del sistema, despacio.</translation>
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
      <translation>Abrir modelo…</translation>
    </message>
    <message>
      <source>Choose and load a model</source>
      <translation>Elegir y cargar un modelo</translation>
    </message>
    <message>
      <source>Open a model folder (Ctrl+O)</source>
      <translation>Abrir una carpeta de modelo (Ctrl+O)</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Progreso de carga</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Instrucción del sistema</translation>
    </message>
    <message>
      <source>Edit the system prompt of this conversation</source>
      <translation>Editar la instrucción del sistema de esta conversación</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>Muestreo</translation>
    </message>
    <message>
      <source>Show or hide the sampling settings</source>
      <translation>Mostrar u ocultar los ajustes de muestreo</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Exportar</translation>
    </message>
    <message>
      <source>Export conversations (Ctrl+E)</source>
      <translation>Exportar conversaciones (Ctrl+E)</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Configuración</translation>
    </message>
    <message>
      <source>Settings (Ctrl+,)</source>
      <translation>Configuración (Ctrl+,)</translation>
    </message>
  </context>
  <context>
    <name>MemoryPlanView</name>
    <message>
      <source>Memory plan</source>
      <translation>Plan de memoria</translation>
    </message>
    <message>
      <source>%1: %2 (weights %3, KV cache %4, workspace %5) of %6</source>
      <translation>%1: %2 (pesos %3, caché KV %4, espacio de trabajo %5) de %6</translation>
    </message>
    <message>
      <source>This model does not fit: %1. Choose more GPUs or a smaller model.</source>
      <translation>Este modelo no cabe: %1. Elija más GPU o un modelo más pequeño.</translation>
    </message>
  </context>
  <context>
    <name>MessageDelegate</name>
    <message>
      <source>You</source>
      <translation>Usted</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Asistente</translation>
    </message>
    <message>
      <source>(interrupted)</source>
      <translation>(interrumpida)</translation>
    </message>
    <message>
      <source>(stopped)</source>
      <translation>(detenida)</translation>
    </message>
    <message>
      <source>(failed)</source>
      <translation>(fallida)</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>escribiendo…</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Copiar</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Editar</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Regenerar</translation>
    </message>
    <message>
      <source>Hide details</source>
      <translation>Ocultar detalles</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Detalles</translation>
    </message>
  </context>
  <context>
    <name>MessageEditor</name>
    <message>
      <source>Edited message</source>
      <translation>Mensaje editado</translation>
    </message>
    <message>
      <source>Save and resend</source>
      <translation>Guardar y reenviar</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Cancelar</translation>
    </message>
  </context>
  <context>
    <name>MessageListModel</name>
    <message>
      <source>Model: %1</source>
      <translation>Modelo: %1</translation>
    </message>
    <message>
      <source>temperature %1, top-k %2, top-p %3, min-p %4, repetition penalty %5, max %6 tokens</source>
      <translation>temperatura %1, top-k %2, top-p %3, min-p %4, penalización por repetición %5, máximo %6 tokens</translation>
    </message>
    <message>
      <source>seed %1</source>
      <translation>semilla %1</translation>
    </message>
    <message numerus="yes">
      <source>settings changed %n time(s) while answering</source>
      <translation>
        <numerusform>ajustes cambiados %n vez durante la respuesta</numerusform>
        <numerusform>ajustes cambiados %n veces durante la respuesta</numerusform>
      </translation>
    </message>
    <message>
      <source>first token after %1 ms, %2 tokens/s</source>
      <translation>primer token tras %1 ms, %2 tokens/s</translation>
    </message>
  </context>
  <context>
    <name>ModelController</name>
    <message>
      <source>%1 experts, %2 per token</source>
      <translation>%1 expertos, %2 por token</translation>
    </message>
    <message>
      <source>dense (no experts)</source>
      <translation>denso (sin expertos)</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>desconocido</translation>
    </message>
  </context>
  <context>
    <name>ModelDialog</name>
    <message>
      <source>Model</source>
      <translation>Modelo</translation>
    </message>
    <message>
      <source>Choose a model folder</source>
      <translation>Elegir una carpeta de modelo</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>Elegir carpeta…</translation>
    </message>
    <message>
      <source>Recent models</source>
      <translation>Modelos recientes</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Progreso de carga</translation>
    </message>
    <message>
      <source>Loaded: %1</source>
      <translation>Cargado: %1</translation>
    </message>
    <message>
      <source>Cancel loading</source>
      <translation>Cancelar la carga</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Cargar</translation>
    </message>
  </context>
  <context>
    <name>ModelSummary</name>
    <message>
      <source>Architecture</source>
      <translation>Arquitectura</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Parámetros</translation>
    </message>
    <message>
      <source>%1 (%2 active per token)</source>
      <translation>%1 (%2 activos por token)</translation>
    </message>
    <message>
      <source>Experts</source>
      <translation>Expertos</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>Pesos</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Capas</translation>
    </message>
    <message>
      <source>Tokenizer</source>
      <translation>Tokenizador</translation>
    </message>
    <message>
      <source>found</source>
      <translation>encontrado</translation>
    </message>
    <message>
      <source>missing: this folder cannot be chatted with</source>
      <translation>falta: no se puede chatear con esta carpeta</translation>
    </message>
  </context>
  <context>
    <name>PresetEditor</name>
    <message>
      <source>Presets</source>
      <translation>Plantillas</translation>
    </message>
    <message>
      <source>%1 (default)</source>
      <translation>%1 (predeterminada)</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Usar</translation>
    </message>
    <message>
      <source>Make default</source>
      <translation>Predeterminar</translation>
    </message>
    <message>
      <source>Overwrite</source>
      <translation>Sobrescribir</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Eliminar</translation>
    </message>
    <message>
      <source>Name for a new preset</source>
      <translation>Nombre de una nueva plantilla</translation>
    </message>
    <message>
      <source>Save as preset</source>
      <translation>Guardar como plantilla</translation>
    </message>
  </context>
  <context>
    <name>PresetListModel</name>
    <message>
      <source>Give the preset a name.</source>
      <translation>Dé un nombre a la plantilla.</translation>
    </message>
    <message>
      <source>A preset named “%1” already exists; choose another name.</source>
      <translation>Ya existe una plantilla llamada «%1»; elija otro nombre.</translation>
    </message>
  </context>
  <context>
    <name>QObject</name>
    <message>
      <source>%1 B</source>
      <translation>%1 mil M</translation>
    </message>
    <message>
      <source>%1 M</source>
      <translation>%1 M</translation>
    </message>
  </context>
  <context>
    <name>SamplingPanel</name>
    <message>
      <source>Sampling</source>
      <translation>Muestreo</translation>
    </message>
    <message>
      <source>Changes apply from the next token, even mid-answer, and are kept with this conversation.</source>
      <translation>Los cambios se aplican desde el siguiente token, incluso a mitad de una respuesta, y se guardan con esta conversación.</translation>
    </message>
    <message>
      <source>Temperature (0 = greedy)</source>
      <translation>Temperatura (0 = voraz)</translation>
    </message>
    <message>
      <source>Top-k (0 = off)</source>
      <translation>Top-k (0 = desactivado)</translation>
    </message>
    <message>
      <source>Top-p (1 = off)</source>
      <translation>Top-p (1 = desactivado)</translation>
    </message>
    <message>
      <source>Min-p (0 = off)</source>
      <translation>Min-p (0 = desactivado)</translation>
    </message>
    <message>
      <source>Repetition penalty (1 = off)</source>
      <translation>Penalización por repetición (1 = desactivada)</translation>
    </message>
    <message>
      <source>Max new tokens</source>
      <translation>Máximo de tokens nuevos</translation>
    </message>
    <message>
      <source>Seed (−1 = random for each answer)</source>
      <translation>Semilla (−1 = aleatoria en cada respuesta)</translation>
    </message>
    <message>
      <source>Reset to defaults</source>
      <translation>Restablecer valores predeterminados</translation>
    </message>
  </context>
  <context>
    <name>SamplingRow</name>
    <message>
      <source>%1 value</source>
      <translation>Valor de %1</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>Configuración</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Idioma</translation>
    </message>
    <message>
      <source>History file</source>
      <translation>Archivo de historial</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>New conversation</source>
      <translation>Nueva conversación</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>Empezar una nueva conversación (Ctrl+N)</translation>
    </message>
    <message>
      <source>Search conversations (Ctrl+F)</source>
      <translation>Buscar conversaciones (Ctrl+F)</translation>
    </message>
    <message>
      <source>Search titles and messages</source>
      <translation>Buscar en títulos y mensajes</translation>
    </message>
    <message>
      <source>No conversation matches</source>
      <translation>Ninguna conversación coincide</translation>
    </message>
    <message>
      <source>No conversations yet</source>
      <translation>Todavía no hay conversaciones</translation>
    </message>
    <message>
      <source>Delete conversation?</source>
      <translation>¿Eliminar la conversación?</translation>
    </message>
    <message>
      <source>“%1” and all its messages will be deleted. This cannot be undone.</source>
      <translation>«%1» y todos sus mensajes se eliminarán. Esto no se puede deshacer.</translation>
    </message>
  </context>
  <context>
    <name>SystemPromptDialog</name>
    <message>
      <source>System prompt</source>
      <translation>Instrucción del sistema</translation>
    </message>
    <message>
      <source>Applies to this conversation from its next answer.</source>
      <translation>Se aplica a esta conversación desde su próxima respuesta.</translation>
    </message>
    <message>
      <source>For example: You are a concise assistant.</source>
      <translation>Por ejemplo: Eres un asistente conciso.</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <source>Chat with Mixture-of-Experts models on your own machine.</source>
      <translation>Chatee con modelos Mixture-of-Experts en su propia máquina.</translation>
    </message>
    <message>
      <source>Load the model in DIR at start.</source>
      <translation>Cargar al inicio el modelo de DIR.</translation>
    </message>
    <message>
      <source>Keep the chat history in FILE.</source>
      <translation>Guardar el historial del chat en FILE.</translation>
    </message>
  </context>
</TS>
