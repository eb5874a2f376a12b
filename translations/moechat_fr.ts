<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
  <context>
    <name>AppController</name>
    <message>
      <source>System language</source>
      <translation>Langue du système</translation>
    </message>
    <message>
      <source>Unknown export format “%1”.</source>
      <translation>Format d’export inconnu « %1 ».</translation>
    </message>
    <message numerus="yes">
      <source>Imported %n conversation(s).</source>
      <translation>
        <numerusform>%n conversation importée.</numerusform>
        <numerusform>%n conversations importées.</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>BranchSwitcher</name>
    <message>
      <source>Previous version</source>
      <translation>Version précédente</translation>
    </message>
    <message>
      <source>%1/%2</source>
      <translation>%1/%2</translation>
    </message>
    <message>
      <source>Version %1 of %2</source>
      <translation>Version %1 sur %2</translation>
    </message>
    <message>
      <source>Next version</source>
      <translation>Version suivante</translation>
    </message>
  </context>
  <context>
    <name>ChatController</name>
    <message>
      <source>reading the conversation… %1 %</source>
      <translation>lecture de la conversation… %1 %</translation>
    </message>
    <message>
      <source>An answer is still being written. Stop it (Esc) or wait for it to finish.</source>
      <translation>Une réponse est encore en cours d’écriture. Arrêtez-la (Échap) ou attendez qu’elle se termine.</translation>
    </message>
    <message>
      <source>First token after %1 ms · %2 tokens/s</source>
      <translation>Premier jeton après %1 ms · %2 jetons/s</translation>
    </message>
    <message>
      <source>The model is still loading. Send again when the progress bar is done.</source>
      <translation>Le modèle est encore en cours de chargement. Renvoyez quand la barre de progression est terminée.</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>Aucun modèle n’est chargé. Ouvrez-en un avec « Ouvrir un modèle… » dans la barre d’outils (Ctrl+O).</translation>
    </message>
  </context>
  <context>
    <name>ChatView</name>
    <message>
      <source>Type a message below to start.</source>
      <translation>Saisissez un message ci-dessous pour commencer.</translation>
    </message>
    <message>
      <source>Loading the model…</source>
      <translation>Chargement du modèle…</translation>
    </message>
    <message>
      <source>Open a model to start.</source>
      <translation>Ouvrez un modèle pour commencer.</translation>
    </message>
  </context>
  <context>
    <name>Cli</name>
    <message>
      <source>unknown option %1; usage: %2</source>
      <translation>option inconnue %1 ; usage : %2</translation>
    </message>
    <message>
      <source>%1 needs a value; usage: %2</source>
      <translation>%1 attend une valeur ; usage : %2</translation>
    </message>
    <message>
      <source>export needs --db, --format and --out; usage: %1</source>
      <translation>export attend --db, --format et --out ; usage : %1</translation>
    </message>
    <message>
      <source>unknown format “%1”; use md, json or html</source>
      <translation>format inconnu « %1 » ; utilisez md, json ou html</translation>
    </message>
    <message>
      <source>--conversation takes a conversation id (a number)</source>
      <translation>--conversation attend l’identifiant d’une conversation (un nombre)</translation>
    </message>
    <message>
      <source>there is no history database at %1</source>
      <translation>il n’y a pas de base d’historique à %1</translation>
    </message>
    <message>
      <source>import needs --db and --in; usage: %1</source>
      <translation>import attend --db et --in ; usage : %1</translation>
    </message>
    <message numerus="yes">
      <source>imported %n conversation(s)</source>
      <translation>
        <numerusform>%n conversation importée</numerusform>
        <numerusform>%n conversations importées</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>CodeBlock</name>
    <message>
      <source>Copy code</source>
      <translation>Copier le code</translation>
    </message>
    <message>
      <source>Copy this code block</source>
      <translation>Copier ce bloc de code</translation>
    </message>
  </context>
  <context>
    <name>Composer</name>
    <message>
      <source>Message (Enter to send, Shift+Enter for a new line)</source>
      <translation>Message (Entrée pour envoyer, Maj+Entrée pour une nouvelle ligne)</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Message</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Arrêter</translation>
    </message>
    <message>
      <source>Send</source>
      <translation>Envoyer</translation>
    </message>
    <message>
      <source>Stop the answer (Esc)</source>
      <translation>Arrêter la réponse (Échap)</translation>
    </message>
    <message>
      <source>Send the message (Enter)</source>
      <translation>Envoyer le message (Entrée)</translation>
    </message>
  </context>
  <context>
    <name>ConversationDelegate</name>
    <message>
      <source>New title</source>
      <translation>Nouveau titre</translation>
    </message>
    <message>
      <source>Actions for “%1”</source>
      <translation>Actions pour « %1 »</translation>
    </message>
    <message>
      <source>Rename</source>
      <translation>Renommer</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Supprimer…</translation>
    </message>
  </context>
  <context>
    <name>ConversationListModel</name>
    <message>
      <source>Today</source>
      <translation>Aujourd’hui</translation>
    </message>
    <message>
      <source>Yesterday</source>
      <translation>Hier</translation>
    </message>
    <message>
      <source>Previous 7 days</source>
      <translation>7 derniers jours</translation>
    </message>
    <message>
      <source>Previous 30 days</source>
      <translation>30 derniers jours</translation>
    </message>
  </context>
  <context>
    <name>Database</name>
    <message>
      <source>%1 is not a moechat history database. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 n’est pas une base d’historique moechat. Le fichier n’a pas été modifié ; choisissez un autre fichier (--db FICHIER).</translation>
    </message>
    <message>
      <source>%1 is in use by another moechat window. Close that window, or start with another history file (--db FILE).</source>
      <translation>%1 est utilisé par une autre fenêtre moechat. Fermez-la, ou démarrez avec un autre fichier d’historique (--db FICHIER).</translation>
    </message>
    <message>
      <source>Cannot open %1 for writing: check that the folder exists and that you may write to it.</source>
      <translation>Impossible d’ouvrir %1 en écriture : vérifiez que le dossier existe et que vous pouvez y écrire.</translation>
    </message>
    <message>
      <source>The disk holding %1 is full. Free some space and try again.</source>
      <translation>Le disque contenant %1 est plein. Libérez de l’espace et réessayez.</translation>
    </message>
    <message>
      <source>The history database %1 reported an error: %2</source>
      <translation>La base d’historique %1 a signalé une erreur : %2</translation>
    </message>
    <message>
      <source>%1 is a folder, not a history file. Choose a file name (--db FILE).</source>
      <translation>%1 est un dossier, pas un fichier d’historique. Choisissez un nom de fichier (--db FICHIER).</translation>
    </message>
    <message>
      <source>%1 was written by a newer version of moechat (history format %2; this version reads up to %3). Update moechat to open it; the file was left untouched.</source>
      <translation>%1 a été écrit par une version plus récente de moechat (format d’historique %2 ; cette version lit jusqu’à %3). Mettez moechat à jour pour l’ouvrir ; le fichier n’a pas été modifié.</translation>
    </message>
    <message>
      <source>%1 is an SQLite database of another program, not a moechat history. It was left untouched; choose another file (--db FILE).</source>
      <translation>%1 est une base SQLite d’un autre programme, pas un historique moechat. Elle n’a pas été modifiée ; choisissez un autre fichier (--db FICHIER).</translation>
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
      <translation>(pas de GPU : %1)</translation>
    </message>
    <message>
      <source>GPU %1: %2 (%3 free)</source>
      <translation>GPU %1 : %2 (%3 libres)</translation>
    </message>
    <message>
      <source>Tensor-parallel ranks</source>
      <translation>Rangs en parallélisme de tenseurs</translation>
    </message>
  </context>
  <context>
    <name>EngineWorker</name>
    <message>
      <source>Loading was cancelled.</source>
      <translation>Le chargement a été annulé.</translation>
    </message>
    <message>
      <source>Could not load %1: %2</source>
      <translation>Impossible de charger %1 : %2</translation>
    </message>
    <message>
      <source>Could not load %1 (unknown error).</source>
      <translation>Impossible de charger %1 (erreur inconnue).</translation>
    </message>
    <message>
      <source>The message is %1 tokens long but the model's context holds %2. Shorten it.</source>
      <translation>Le message fait %1 jetons mais le contexte du modèle en contient %2. Raccourcissez-le.</translation>
    </message>
    <message>
      <source>The answer could not be generated: %1</source>
      <translation>La réponse n’a pas pu être générée : %1</translation>
    </message>
    <message>
      <source>No model is loaded. Open one with “Open model…” in the tool bar (Ctrl+O).</source>
      <translation>Aucun modèle n’est chargé. Ouvrez-en un avec « Ouvrir un modèle… » dans la barre d’outils (Ctrl+O).</translation>
    </message>
  </context>
  <context>
    <name>ErrorBanner</name>
    <message>
      <source>Dismiss the message</source>
      <translation>Fermer le message</translation>
    </message>
  </context>
  <context>
    <name>ErrorPage</name>
    <message>
      <source>moechat cannot open its history</source>
      <translation>moechat ne peut pas ouvrir son historique</translation>
    </message>
    <message>
      <source>Your conversations are safe: the file was not changed.</source>
      <translation>Vos conversations sont en sécurité : le fichier n’a pas été modifié.</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Quitter</translation>
    </message>
  </context>
  <context>
    <name>ExportDialog</name>
    <message>
      <source>Export</source>
      <translation>Exporter</translation>
    </message>
    <message>
      <source>Exported to %1</source>
      <translation>Exporté vers %1</translation>
    </message>
    <message>
      <source>moechat JSON export (*.json)</source>
      <translation>Export JSON de moechat (*.json)</translation>
    </message>
    <message>
      <source>What</source>
      <translation>Quoi</translation>
    </message>
    <message>
      <source>This conversation</source>
      <translation>Cette conversation</translation>
    </message>
    <message>
      <source>All conversations</source>
      <translation>Toutes les conversations</translation>
    </message>
    <message>
      <source>What to export</source>
      <translation>Ce qu’il faut exporter</translation>
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
      <translation>JSON (réimportable)</translation>
    </message>
    <message>
      <source>HTML</source>
      <translation>HTML</translation>
    </message>
    <message>
      <source>Export format</source>
      <translation>Format d’export</translation>
    </message>
    <message>
      <source>Export…</source>
      <translation>Exporter…</translation>
    </message>
    <message>
      <source>Import JSON…</source>
      <translation>Importer du JSON…</translation>
    </message>
  </context>
  <context>
    <name>Exporter</name>
    <message>
      <source>There is no conversation with id %1 in %2.</source>
      <translation>Il n’y a pas de conversation d’identifiant %1 dans %2.</translation>
    </message>
    <message>
      <source>User</source>
      <translation>Utilisateur</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistant</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Invite système</translation>
    </message>
    <message>
      <source>moechat conversations</source>
      <translation>Conversations moechat</translation>
    </message>
    <message>
      <source>%1: “%2” is not an ISO 8601 time.</source>
      <translation>%1 : « %2 » n’est pas une date ISO 8601.</translation>
    </message>
    <message>
      <source>conversation %1</source>
      <translation>conversation %1</translation>
    </message>
    <message>
      <source>%1 has no "messages" list.</source>
      <translation>%1 n’a pas de liste "messages".</translation>
    </message>
    <message>
      <source>Imported conversation</source>
      <translation>Conversation importée</translation>
    </message>
    <message>
      <source>%1, message %2</source>
      <translation>%1, message %2</translation>
    </message>
    <message>
      <source>%1 has no text in "content".</source>
      <translation>%1 n’a pas de texte dans "content".</translation>
    </message>
    <message>
      <source>%1 is a second system message; a conversation has one system prompt.</source>
      <translation>%1 est un second message système ; une conversation n’a qu’une invite système.</translation>
    </message>
    <message>
      <source>%1 has role “%2”; it must be "system", "user" or "assistant".</source>
      <translation>%1 a le rôle « %2 » ; il doit être "system", "user" ou "assistant".</translation>
    </message>
    <message>
      <source>%1 needs a unique positive "id".</source>
      <translation>%1 doit avoir un "id" positif et unique.</translation>
    </message>
    <message>
      <source>%1 names parent %2, which does not come before it.</source>
      <translation>%1 désigne le parent %2, qui ne le précède pas.</translation>
    </message>
    <message>
      <source>%1: "current_leaf" %2 is not one of its messages.</source>
      <translation>%1 : "current_leaf" %2 ne fait pas partie de ses messages.</translation>
    </message>
    <message>
      <source>Could not write %1: %2. Choose another place to save the export.</source>
      <translation>Impossible d’écrire %1 : %2. Choisissez un autre emplacement pour l’export.</translation>
    </message>
    <message>
      <source>The file is not valid JSON (%1 at byte %2).</source>
      <translation>Le fichier n’est pas du JSON valide (%1 à l’octet %2).</translation>
    </message>
    <message>
      <source>The file is not a moechat export (its "format" is not "%1").</source>
      <translation>Le fichier n’est pas un export moechat (son "format" n’est pas "%1").</translation>
    </message>
    <message>
      <source>The file was exported by a newer moechat (format version %1; this version reads %2). Update moechat to import it.</source>
      <translation>Le fichier a été exporté par un moechat plus récent (version de format %1 ; cette version lit %2). Mettez moechat à jour pour l’importer.</translation>
    </message>
    <message>
      <source>Could not read %1: %2.</source>
      <translation>Impossible de lire %1 : %2.</translation>
    </message>
  </context>
  <context>
    <name>FirstRunView</name>
    <message>
      <source>Welcome to moechat</source>
      <translation>Bienvenue dans moechat</translation>
    </message>
    <message>
      <source>Open a model folder…</source>
      <translation>Ouvrir un dossier de modèle…</translation>
    </message>
    <message>
      <source>Try the small demo model</source>
      <translation>Essayer le petit modèle de démonstration</translation>
    </message>
    <message>
      <source>no GPU found</source>
      <translation>aucun GPU détecté</translation>
    </message>
    <message>
      <source>does not fit</source>
      <translation>ne tient pas</translation>
    </message>
    <message>
      <source>%1 (%2 each)</source>
      <translation>%1 (%2 chacun)</translation>
    </message>
    <message>
      <source>fits</source>
      <translation>tient</translation>
    </message>
    <message>
      <source>moechat chats with Mixture-of-Experts language models such as Mixtral and Zephyr, running on this computer's GPUs or processor. Nothing you type leaves this machine.</source>
      <translation>moechat discute avec des modèles de langage Mixture-of-Experts comme Mixtral et Zephyr, exécutés sur les GPU ou le processeur de cet ordinateur. Rien de ce que vous tapez ne quitte cette machine.</translation>
    </message>
    <message>
      <source>To begin, open a model folder downloaded from Hugging Face (config.json, the .safetensors files, tokenizer.model and tokenizer_config.json), or try the small demo model to see how moechat works: it answers quickly, with nonsense.</source>
      <translation>Pour commencer, ouvrez un dossier de modèle téléchargé depuis Hugging Face (config.json, les fichiers .safetensors, tokenizer.model et tokenizer_config.json), ou essayez le petit modèle de démonstration pour voir comment fonctionne moechat : il répond vite, mais n’importe quoi.</translation>
    </message>
    <message>
      <source>Hardware found</source>
      <translation>Matériel détecté</translation>
    </message>
    <message>
      <source>GPU %1: %2, %3 (%4 free)</source>
      <translation>GPU %1 : %2, %3 (%4 libres)</translation>
    </message>
    <message>
      <source>No NVIDIA GPU found: models run on the processor, which is much slower.</source>
      <translation>Aucun GPU NVIDIA détecté : les modèles tournent sur le processeur, bien plus lentement.</translation>
    </message>
    <message>
      <source>System memory available: %1</source>
      <translation>Mémoire système disponible : %1</translation>
    </message>
    <message>
      <source>Known models in bf16</source>
      <translation>Modèles connus en bf16</translation>
    </message>
    <message>
      <source>Model</source>
      <translation>Modèle</translation>
    </message>
    <message>
      <source>Size</source>
      <translation>Taille</translation>
    </message>
    <message>
      <source>GPUs needed</source>
      <translation>GPU nécessaires</translation>
    </message>
    <message>
      <source>In system memory</source>
      <translation>En mémoire système</translation>
    </message>
    <message>
      <source>Computed for a %1-token context with the memory free now. Several GPUs share a model by tensor parallelism; the processor runs any model that fits in system memory, slowly.</source>
      <translation>Calculé pour un contexte de %1 jetons avec la mémoire libre actuelle. Plusieurs GPU se partagent un modèle par parallélisme de tenseurs ; le processeur exécute tout modèle qui tient en mémoire système, lentement.</translation>
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
      <translation>Ouvrir un modèle…</translation>
    </message>
    <message>
      <source>Choose and load a model</source>
      <translation>Choisir et charger un modèle</translation>
    </message>
    <message>
      <source>Open a model folder (Ctrl+O)</source>
      <translation>Ouvrir un dossier de modèle (Ctrl+O)</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Progression du chargement</translation>
    </message>
    <message>
      <source>System prompt</source>
      <translation>Invite système</translation>
    </message>
    <message>
      <source>Edit the system prompt of this conversation</source>
      <translation>Modifier l’invite système de cette conversation</translation>
    </message>
    <message>
      <source>Sampling</source>
      <translation>Échantillonnage</translation>
    </message>
    <message>
      <source>Show or hide the sampling settings</source>
      <translation>Afficher ou masquer les réglages d’échantillonnage</translation>
    </message>
    <message>
      <source>Export</source>
      <translation>Exporter</translation>
    </message>
    <message>
      <source>Export conversations (Ctrl+E)</source>
      <translation>Exporter les conversations (Ctrl+E)</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <source>Settings (Ctrl+,)</source>
      <translation>Paramètres (Ctrl+,)</translation>
    </message>
  </context>
  <context>
    <name>MemoryPlanView</name>
    <message>
      <source>Memory plan</source>
      <translation>Plan mémoire</translation>
    </message>
    <message>
      <source>%1: %2 (weights %3, KV cache %4, workspace %5) of %6</source>
      <translation>%1 : %2 (poids %3, cache KV %4, espace de travail %5) sur %6</translation>
    </message>
    <message>
      <source>This model does not fit: %1. Choose more GPUs or a smaller model.</source>
      <translation>Ce modèle ne tient pas : %1. Choisissez plus de GPU ou un modèle plus petit.</translation>
    </message>
  </context>
  <context>
    <name>MessageDelegate</name>
    <message>
      <source>You</source>
      <translation>Vous</translation>
    </message>
    <message>
      <source>Assistant</source>
      <translation>Assistant</translation>
    </message>
    <message>
      <source>(interrupted)</source>
      <translation>(interrompu)</translation>
    </message>
    <message>
      <source>(stopped)</source>
      <translation>(arrêté)</translation>
    </message>
    <message>
      <source>(failed)</source>
      <translation>(échec)</translation>
    </message>
    <message>
      <source>writing…</source>
      <translation>en cours d’écriture…</translation>
    </message>
    <message>
      <source>Copy</source>
      <translation>Copier</translation>
    </message>
    <message>
      <source>Edit</source>
      <translation>Modifier</translation>
    </message>
    <message>
      <source>Regenerate</source>
      <translation>Régénérer</translation>
    </message>
    <message>
      <source>Hide details</source>
      <translation>Masquer les détails</translation>
    </message>
    <message>
      <source>Details</source>
      <translation>Détails</translation>
    </message>
  </context>
  <context>
    <name>MessageEditor</name>
    <message>
      <source>Edited message</source>
      <translation>Message modifié</translation>
    </message>
    <message>
      <source>Save and resend</source>
      <translation>Enregistrer et renvoyer</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
  </context>
  <context>
    <name>MessageListModel</name>
    <message>
      <source>Model: %1</source>
      <translation>Modèle : %1</translation>
    </message>
    <message>
      <source>temperature %1, top-k %2, top-p %3, min-p %4, repetition penalty %5, max %6 tokens</source>
      <translation>température %1, top-k %2, top-p %3, min-p %4, pénalité de répétition %5, %6 jetons au plus</translation>
    </message>
    <message>
      <source>seed %1</source>
      <translation>graine %1</translation>
    </message>
    <message numerus="yes">
      <source>settings changed %n time(s) while answering</source>
      <translation>
        <numerusform>réglages modifiés %n fois pendant la réponse</numerusform>
        <numerusform>réglages modifiés %n fois pendant la réponse</numerusform>
      </translation>
    </message>
    <message>
      <source>first token after %1 ms, %2 tokens/s</source>
      <translation>premier jeton après %1 ms, %2 jetons/s</translation>
    </message>
  </context>
  <context>
    <name>ModelController</name>
    <message>
      <source>%1 experts, %2 per token</source>
      <translation>%1 experts, %2 par jeton</translation>
    </message>
    <message>
      <source>dense (no experts)</source>
      <translation>dense (sans experts)</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>inconnu</translation>
    </message>
  </context>
  <context>
    <name>ModelDialog</name>
    <message>
      <source>Model</source>
      <translation>Modèle</translation>
    </message>
    <message>
      <source>Choose a model folder</source>
      <translation>Choisir un dossier de modèle</translation>
    </message>
    <message>
      <source>Choose folder…</source>
      <translation>Choisir un dossier…</translation>
    </message>
    <message>
      <source>Recent models</source>
      <translation>Modèles récents</translation>
    </message>
    <message>
      <source>Loading progress</source>
      <translation>Progression du chargement</translation>
    </message>
    <message>
      <source>Loaded: %1</source>
      <translation>Chargé : %1</translation>
    </message>
    <message>
      <source>Cancel loading</source>
      <translation>Annuler le chargement</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Charger</translation>
    </message>
  </context>
  <context>
    <name>ModelSummary</name>
    <message>
      <source>Architecture</source>
      <translation>Architecture</translation>
    </message>
    <message>
      <source>Parameters</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <source>%1 (%2 active per token)</source>
      <translation>%1 (%2 actifs par jeton)</translation>
    </message>
    <message>
      <source>Experts</source>
      <translation>Experts</translation>
    </message>
    <message>
      <source>Weights</source>
      <translation>Poids</translation>
    </message>
    <message>
      <source>%1, %2</source>
      <translation>%1, %2</translation>
    </message>
    <message>
      <source>Layers</source>
      <translation>Couches</translation>
    </message>
    <message>
      <source>Tokenizer</source>
      <translation>Tokeniseur</translation>
    </message>
    <message>
      <source>found</source>
      <translation>trouvé</translation>
    </message>
    <message>
      <source>missing: this folder cannot be chatted with</source>
      <translation>absent : impossible de discuter avec ce dossier</translation>
    </message>
  </context>
  <context>
    <name>PresetEditor</name>
    <message>
      <source>Presets</source>
      <translation>Préréglages</translation>
    </message>
    <message>
      <source>%1 (default)</source>
      <translation>%1 (par défaut)</translation>
    </message>
    <message>
      <source>Use</source>
      <translation>Utiliser</translation>
    </message>
    <message>
      <source>Make default</source>
      <translation>Par défaut</translation>
    </message>
    <message>
      <source>Overwrite</source>
      <translation>Remplacer</translation>
    </message>
    <message>
      <source>Delete</source>
      <translation>Supprimer</translation>
    </message>
    <message>
      <source>Name for a new preset</source>
      <translation>Nom d’un nouveau préréglage</translation>
    </message>
    <message>
      <source>Save as preset</source>
      <translation>Enregistrer comme préréglage</translation>
    </message>
  </context>
  <context>
    <name>PresetListModel</name>
    <message>
      <source>Give the preset a name.</source>
      <translation>Donnez un nom au préréglage.</translation>
    </message>
    <message>
      <source>A preset named “%1” already exists; choose another name.</source>
      <translation>Un préréglage nommé « %1 » existe déjà ; choisissez un autre nom.</translation>
    </message>
  </context>
  <context>
    <name>QObject</name>
    <message>
      <source>%1 B</source>
      <translation>%1 Md</translation>
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
      <translation>Échantillonnage</translation>
    </message>
    <message>
      <source>Changes apply from the next token, even mid-answer, and are kept with this conversation.</source>
      <translation>Les changements s’appliquent dès le jeton suivant, même en cours de réponse, et sont conservés avec cette conversation.</translation>
    </message>
    <message>
      <source>Temperature (0 = greedy)</source>
      <translation>Température (0 = glouton)</translation>
    </message>
    <message>
      <source>Top-k (0 = off)</source>
      <translation>Top-k (0 = désactivé)</translation>
    </message>
    <message>
      <source>Top-p (1 = off)</source>
      <translation>Top-p (1 = désactivé)</translation>
    </message>
    <message>
      <source>Min-p (0 = off)</source>
      <translation>Min-p (0 = désactivé)</translation>
    </message>
    <message>
      <source>Repetition penalty (1 = off)</source>
      <translation>Pénalité de répétition (1 = désactivée)</translation>
    </message>
    <message>
      <source>Max new tokens</source>
      <translation>Nouveaux jetons au maximum</translation>
    </message>
    <message>
      <source>Seed (−1 = random for each answer)</source>
      <translation>Graine (−1 = aléatoire pour chaque réponse)</translation>
    </message>
    <message>
      <source>Reset to defaults</source>
      <translation>Rétablir les valeurs par défaut</translation>
    </message>
  </context>
  <context>
    <name>SamplingRow</name>
    <message>
      <source>%1 value</source>
      <translation>Valeur de %1</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>Settings</source>
      <translation>Paramètres</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Langue</translation>
    </message>
    <message>
      <source>History file</source>
      <translation>Fichier d’historique</translation>
    </message>
  </context>
  <context>
    <name>Sidebar</name>
    <message>
      <source>New conversation</source>
      <translation>Nouvelle conversation</translation>
    </message>
    <message>
      <source>Start a new conversation (Ctrl+N)</source>
      <translation>Commencer une nouvelle conversation (Ctrl+N)</translation>
    </message>
    <message>
      <source>Search conversations (Ctrl+F)</source>
      <translation>Rechercher dans les conversations (Ctrl+F)</translation>
    </message>
    <message>
      <source>Search titles and messages</source>
      <translation>Rechercher dans les titres et les messages</translation>
    </message>
    <message>
      <source>No conversation matches</source>
      <translation>Aucune conversation ne correspond</translation>
    </message>
    <message>
      <source>No conversations yet</source>
      <translation>Pas encore de conversation</translation>
    </message>
    <message>
      <source>Delete conversation?</source>
      <translation>Supprimer la conversation ?</translation>
    </message>
    <message>
      <source>“%1” and all its messages will be deleted. This cannot be undone.</source>
      <translation>« %1 » et tous ses messages seront supprimés. Cette action est irréversible.</translation>
    </message>
  </context>
  <context>
    <name>SystemPromptDialog</name>
    <message>
      <source>System prompt</source>
      <translation>Invite système</translation>
    </message>
    <message>
      <source>Applies to this conversation from its next answer.</source>
      <translation>S’applique à cette conversation dès sa prochaine réponse.</translation>
    </message>
    <message>
      <source>For example: You are a concise assistant.</source>
      <translation>Par exemple : Tu es un assistant concis.</translation>
    </message>
  </context>
  <context>
    <name>main</name>
    <message>
      <source>Chat with Mixture-of-Experts models on your own machine.</source>
      <translation>Discutez avec des modèles Mixture-of-Experts sur votre propre machine.</translation>
    </message>
    <message>
      <source>Load the model in DIR at start.</source>
      <translation>Charger au démarrage le modèle situé dans DIR.</translation>
    </message>
    <message>
      <source>Keep the chat history in FILE.</source>
      <translation>Conserver l’historique des discussions dans FILE.</translation>
    </message>
  </context>
</TS>
