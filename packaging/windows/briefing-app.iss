; Inno Setup 6 script: a per-user Windows installer around the PyInstaller bundle, no administrator rights.
; NOT BUILT OR RUN ON THE PROJECT'S LINUX MACHINE: build it on Windows, see packaging/README.md.
;   iscc /DAppVersion=0.1.0 packaging\windows\briefing-app.iss
; It expects, relative to this file: ..\..\build\pyinstaller\dist\briefing-app\ (pyinstaller with
; packaging\briefing-app.spec) and ..\..\build\icons\briefing-app.ico (packaging\render_icons.py).
; Output: ..\..\build\windows\briefing-app-<version>-setup.exe

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Briefing app"
#define AppExe "briefing-app.exe"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{D82EE03C-938D-45FC-8951-80E893A11256}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Briefing app developers
AppComments=Evidence on leadership and management in UK public services, offline
; Per user, without administrator rights: the files go to %LOCALAPPDATA%\Programs\Briefing app
; ({userpf}), the shortcut to the user's own Start menu, the uninstaller entry to the user's registry hive.
PrivilegesRequired=lowest
DefaultDirName={userpf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6.11 runs on Windows 10 and 11.
MinVersion=10.0
OutputDir=..\..\build\windows
OutputBaseFilename=briefing-app-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\briefing-app.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Close a running copy before replacing its files.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir bundle: briefing-app.exe (window), briefing-app-cli.exe (console, for sub-commands)
; and _internal\ (Python, Qt, the dataset and resources).
Source: "..\..\build\pyinstaller\dist\briefing-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Evidence on leadership and management in UK public services"
Name: "{userprograms}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; The uninstaller removes every file it installed and the folder. The user's settings and logs live in
; %LOCALAPPDATA%\briefing-app (platformdirs) and are kept, as users expect of an uninstall.
