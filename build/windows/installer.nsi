; Windows installer for 政协履职工作台 (NSIS 3, Unicode, Simplified Chinese pages).
;
; Built by build/build_installer.py, which passes the facts from pyproject.toml as defines:
;   NAME          distribution name: zxlz-workbench (program, install folder, registry key)
;   DISPLAY_NAME  政协履职工作台 (shortcuts, "Apps & features", installer pages)
;   VERSION       x.y.z            VERSION4  x.y.z.0 (for the version resource)
;   PUBLISHER     shown in "Apps & features"
;   BUNDLE        the PyInstaller onedir folder (zxlz-workbench.exe, zxlz-workbench-cli.exe, _internal)
;   ICON          resources\icons\zxlz.ico
;   OUTFILE       where the installer is written
;
; Silent install: setup.exe /S [/DATA=D:\政协数据] [/D=C:\folder]   (/D= last, no quotes).
; /DATA= writes zxlz-data.txt beside the program: the data folder for every account that uses
; this installation (PCs with a 还原卡 that resets C:); app/config.py reads it.
;
; Per user, without administrator rights: the program goes to %LOCALAPPDATA%\Programs\NAME,
; shortcuts to the user's start menu and desktop, the uninstall entry to HKCU. Installing again
; (a newer version) replaces the program files in the same folder. The user's database, backups,
; logs and settings live elsewhere (%LOCALAPPDATA%\NAME and HKCU\Software\NAME, created by the
; program) and are never touched by the installer or the uninstaller.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!macro REQUIRE DEFINE
  !ifndef ${DEFINE}
    !error "${DEFINE} is not defined: build the installer with build/build_installer.py"
  !endif
!macroend
!insertmacro REQUIRE NAME
!insertmacro REQUIRE DISPLAY_NAME
!insertmacro REQUIRE VERSION
!insertmacro REQUIRE VERSION4
!insertmacro REQUIRE PUBLISHER
!insertmacro REQUIRE BUNDLE
!insertmacro REQUIRE ICON
!insertmacro REQUIRE OUTFILE

!include MUI2.nsh
!include LogicLib.nsh
!include WinVer.nsh
!include x64.nsh
!include FileFunc.nsh

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${NAME}"
!define DATA_DIR "$LOCALAPPDATA\${NAME}"
; Windows 10 1809 (LTSC 2019) = build 17763; README "安装" explains the floor.
!define MIN_BUILD 17763

Name "${DISPLAY_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${DISPLAY_NAME} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=2052 "ProductName" "${DISPLAY_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${DISPLAY_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

; ------------------------------------------------------------------------------ pages

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TITLE "安装${DISPLAY_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "本向导将把${DISPLAY_NAME}安装到您的用户文件夹中，不需要管理员权限。$\r$\n$\r$\n如果已经安装了旧版本，将直接升级，数据库和备份保持不变。$\r$\n$\r$\n安装前请先关闭正在运行的${DISPLAY_NAME}。"
!define MUI_FINISHPAGE_TEXT "${DISPLAY_NAME}已安装，开始菜单和桌面上已添加快捷方式。$\r$\n$\r$\n您的数据保存在：$\r$\n${DATA_DIR}$\r$\n请定期备份这个文件夹。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${NAME}.exe"
!define MUI_FINISHPAGE_RUN_TEXT "现在启动${DISPLAY_NAME}"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "将删除${DISPLAY_NAME}程序及其快捷方式。$\r$\n您的数据库、备份和日志（${DATA_DIR}）不会被删除；以后重新安装即可继续使用。"

!insertmacro MUI_PAGE_WELCOME
!define MUI_PAGE_CUSTOMFUNCTION_LEAVE CheckFolderWritable
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ------------------------------------------------------------------------------ checks

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "${DISPLAY_NAME}需要 64 位的 Windows 10（1809 版）或更新版本。" /SD IDOK
    Abort
  ${EndIf}
  ${IfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_OK|MB_ICONSTOP "${DISPLAY_NAME}需要 Windows 10（1809 版）或更新版本，本机的 Windows 版本过旧。" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; A folder such as C:\Program Files needs administrator rights, which this per-user installer
; does not ask for: without this check the copy failed half-way with "无法写入文件". Says why
; and keeps the clerk on the folder page (silent installs: exit code 5, nothing installed).
!define NOT_WRITABLE "不能写入所选的文件夹：$\r$\n$INSTDIR$\r$\n$\r$\nProgram Files 等文件夹需要管理员权限，而本安装程序按当前用户安装，不需要也不申请管理员权限。$\r$\n请保持默认位置（$LOCALAPPDATA\Programs\${NAME}），或选择您自己有写入权限的文件夹（如 D:\${NAME}）。"

!macro PROBE_WRITABLE RESULT
  ClearErrors
  CreateDirectory "$INSTDIR"
  FileOpen $R9 "$INSTDIR\.zxlz-install-probe" w
  ${If} ${Errors}
    StrCpy ${RESULT} 0
  ${Else}
    FileClose $R9
    Delete "$INSTDIR\.zxlz-install-probe"
    StrCpy ${RESULT} 1
  ${EndIf}
!macroend

Function CheckFolderWritable
  !insertmacro PROBE_WRITABLE $R8
  ${If} $R8 == 0
    MessageBox MB_OK|MB_ICONEXCLAMATION "${NOT_WRITABLE}"
    Abort  ; on a leave function: stay on the folder page
  ${EndIf}
FunctionEnd

; /DATA=folder: the data folder for this installation (zxlz-data.txt, UTF-16 with BOM).
Function WriteDataPointer
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DATA=" $R1
  ${If} ${Errors}
  ${OrIf} $R1 == ""
    Return
  ${EndIf}
  CreateDirectory "$R1"
  FileOpen $R2 "$INSTDIR\zxlz-data.txt" w
  FileWriteWord $R2 0xFEFF
  FileWriteUTF16LE $R2 "$R1"
  FileClose $R2
FunctionEnd

; Deletes the program files of an installed version; if they are in use (the program is running),
; asks the user to close it. Never removes the install folder itself or anything not ours: the
; user may have chosen a folder that holds other files.
!macro REMOVE_PROGRAM_FILES un
Function ${un}RemoveProgramFiles
  retry:
  ; A running executable cannot be opened for writing (it can be renamed, so that is no test).
  ; Both are checked before anything is deleted: a refused upgrade leaves the installation whole.
  StrCpy $R6 0
  ${If} ${FileExists} "$INSTDIR\${NAME}.exe"
    ClearErrors
    FileOpen $R7 "$INSTDIR\${NAME}.exe" a
    ${If} ${Errors}
      StrCpy $R6 1
    ${Else}
      FileClose $R7
    ${EndIf}
  ${EndIf}
  ${If} ${FileExists} "$INSTDIR\${NAME}-cli.exe"
    ClearErrors
    FileOpen $R7 "$INSTDIR\${NAME}-cli.exe" a
    ${If} ${Errors}
      StrCpy $R6 1
    ${Else}
      FileClose $R7
    ${EndIf}
  ${EndIf}
  ${If} $R6 == 1
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${DISPLAY_NAME}正在运行。请先关闭它，然后点击“重试”。" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
  ClearErrors
  Delete "$INSTDIR\${NAME}.exe"
  Delete "$INSTDIR\${NAME}-cli.exe"
  ${If} ${Errors}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${DISPLAY_NAME}的程序文件被占用（可能是杀毒软件正在检查）。请稍候点击“重试”。" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
FunctionEnd
!macroend
!insertmacro REMOVE_PROGRAM_FILES ""
!insertmacro REMOVE_PROGRAM_FILES "un."

; ------------------------------------------------------------------------------ install

Section "Install"
  SetShellVarContext current
  !insertmacro PROBE_WRITABLE $R8
  ${If} $R8 == 0
    MessageBox MB_OK|MB_ICONSTOP "${NOT_WRITABLE}" /SD IDOK
    SetErrorLevel 5
    Quit
  ${EndIf}
  SetOutPath "$INSTDIR"
  Call RemoveProgramFiles
  File /r "${BUNDLE}\*.*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  Call WriteDataPointer

  CreateShortCut "$SMPROGRAMS\${DISPLAY_NAME}.lnk" "$INSTDIR\${NAME}.exe" "" "$INSTDIR\${NAME}.exe" 0
  CreateShortCut "$DESKTOP\${DISPLAY_NAME}.lnk" "$INSTDIR\${NAME}.exe" "" "$INSTDIR\${NAME}.exe" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${DISPLAY_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${NAME}.exe,0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

; ------------------------------------------------------------------------------ uninstall

Section "Uninstall"
  SetShellVarContext current
  Call un.RemoveProgramFiles
  Delete "$SMPROGRAMS\${DISPLAY_NAME}.lnk"
  Delete "$DESKTOP\${DISPLAY_NAME}.lnk"
  Delete "$INSTDIR\uninstall.exe"
  Delete "$INSTDIR\zxlz-data.txt"  ; the pointer only; the data folder it names stays
  RMDir "$INSTDIR"  ; only if empty
  DeleteRegKey HKCU "${UNINST_KEY}"
  ; Not removed, on purpose: ${DATA_DIR} (database, backups, logs) and HKCU\Software\${NAME}
  ; (window layout), which belong to the user.
SectionEnd
