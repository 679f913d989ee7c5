; NSIS 3 script: the per-user Windows installer briefing-app-<version>-setup.exe, around the PyInstaller
; bundle. Built on Linux by build-windows.sh (`make package-windows`) with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DDIST=build/windows/pyinstaller/dist/briefing-app \
;            -DICON=build/windows/icons/briefing-app.ico -DOUTFILE=build/briefing-app-0.1.0-setup.exe briefing-app.nsi
; Per user, no administrator rights: files in %LOCALAPPDATA%\Programs\Briefing app, the shortcut in the
; user's own Start menu, the uninstall entry in HKCU. Silent: setup.exe /S [/D=folder]; uninstall.exe /S.
; A 64-bit installer (the application is x64 only; a 32-bit one would also need 32-bit wine to test).
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
; Solid LZMA: 38 MB; about 2-3 min here. COMPRESSOR=zlib (makensis -DCOMPRESSOR=zlib) is several times
; faster for a larger file, for quick local builds.
!ifndef COMPRESSOR
  !define COMPRESSOR lzma
!endif
SetCompressor /SOLID ${COMPRESSOR}

!define APPNAME "Briefing app"
!define PUBLISHER "Briefing app developers"
!define APPEXE "briefing-app.exe"
; The uninstall entry's key: the application id (packaging/bundle_contents.py APP_ID). Never change it.
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\io.github.briefingapp.BriefingApp"

Name "${APPNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "${APPNAME}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APPNAME} ${VERSION} setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "MIT licence"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APPEXE}"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Install"
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the whole bundle: no module of the old version is left beside the new one.
  RMDir /r "$INSTDIR\_internal"
  ; briefing-app.exe (window, no console), briefing-app-cli.exe (console: validate, export, sheet...)
  ; and _internal\ (Python, Qt, the dataset and resources).
  File /r "${DIST}/*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${APPEXE}" "" "$INSTDIR\${APPEXE}" 0 \
    SW_SHOWNORMAL "" "Evidence on leadership and management in UK public services"

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APPEXE},0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  ; Only what the installer put there: never RMDir /r on $INSTDIR, which the user may have chosen.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\briefing-app.exe"
  Delete "$INSTDIR\briefing-app-cli.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  ; The user's settings and logs (%LOCALAPPDATA%\briefing-app, platformdirs) are kept, as users expect.
SectionEnd
