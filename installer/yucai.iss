; Inno Setup 6 script of Yucai Desktop (豫采桌面): a per-machine install of the PyInstaller build.
;
; Build (on Windows, from the repository root; see installer/README.md):
;   .venv\Scripts\pyinstaller --noconfirm --clean --distpath dist --workpath build\pyinstaller installer\yucai.spec
;   .venv\Scripts\python installer\version.py --iss-include
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" installer\yucai.iss
; or pass the version on the command line instead of the include:
;   ISCC /DAppVersion=0.1.0 /DAppVersionWin=0.1.0.0 installer\yucai.iss
;
; What it installs: dist\yucai\ into "C:\Program Files\Yucai Desktop": yucai.exe (the GUI, no console
; window) and yucai-console.exe renamed to yucai.com (same program, console subsystem: cmd.exe and
; PowerShell try .COM before .EXE, so `yucai diagnose` prints to the console), and _internal\.
;
; What the uninstaller keeps: everything it did not install. The user's data and settings live
; in %LOCALAPPDATA%\yucai (platformdirs: %LOCALAPPDATA%\yucai\yucai holds the database, config.toml,
; the demo token and exported reports), the session token in Windows Credential Manager (keyring).
; There is deliberately no [UninstallDelete] entry for them: reinstalling or upgrading finds them.
;
; CA key drivers are not ours to install: each CA ships its own "互认版驱动". The app looks for the
; PKCS#11 modules below (desktop/token/modules.py, docs/tokens-and-signing.md §7.2); the installer
; only tells the user when none of them is present.

#ifndef AppVersion
  #if FileExists(AddBackslash(SourcePath) + "version.iss")
    #include "version.iss"
  #else
    #error AppVersion is not set: run "python installer\version.py --iss-include" or pass /DAppVersion=X.Y.Z
  #endif
#endif
#ifndef AppVersionWin
  #define AppVersionWin AppVersion
#endif

#define AppName "豫采桌面"
#define AppNameEn "Yucai Desktop"
#define AppPublisher "Yucai Desktop"
#define DistDir AddBackslash(SourcePath) + "..\dist\yucai"

[Setup]
; Never change AppId: it is how Windows knows an upgrade from a second product.
AppId={{AB993332-5682-4EC1-8DFD-D881D876508B}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionWin}
VersionInfoProductName={#AppName} {#AppNameEn}
; Per machine: Program Files, the common Start menu, admin rights; no per-user mode.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppNameEn}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; 64-bit Python and Qt 6: 64-bit Windows 10 or later only.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayIcon={app}\yucai.exe
UninstallDisplayName={#AppName} {#AppNameEn}
OutputDir={#DistDir}\..\installer
OutputBaseFilename=yucai-setup-{#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes
; build\icon\yucai.ico is drawn from resources\icons\yucai.svg by installer\make_icon.py (the spec runs it).
#if FileExists(AddBackslash(SourcePath) + "..\build\icon\yucai.ico")
SetupIconFile=..\build\icon\yucai.ico
#endif

[Languages]
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "ChineseSimplified.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
NoCaDriver=未在本机找到 CA 数字证书（USB key）的驱动。签章、CA 绑定和 CA 登录需要 CA 提供的“互认版驱动”，请从华测（HNCA）或信安（HNXACA）的证书助手安装后再插入 key。安装后可在“开始”菜单运行“CA key 诊断”检查。%n%nNo CA key (PKCS#11) driver was found. Install your CA's driver package before signing; "CA key 诊断" in the Start menu checks the key.
TaskAddToPath=把 yucai 命令加入系统 PATH（服务台诊断用） / Add the yucai command to the system PATH
TaskDesktopIcon=在桌面创建快捷方式 / Create a desktop shortcut
DiagnoseShortcut=CA key 诊断

[Tasks]
Name: "addtopath"; Description: "{cm:TaskAddToPath}"
Name: "desktopicon"; Description: "{cm:TaskDesktopIcon}"; Flags: unchecked

[Files]
Source: "{#DistDir}\yucai.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#DistDir}\yucai-console.exe"; DestDir: "{app}"; DestName: "yucai.com"; Flags: ignoreversion
Source: "{#DistDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole bundle: files a newer build no longer ships must not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\yucai.exe"; Comment: "{#AppNameEn}"
Name: "{group}\{cm:DiagnoseShortcut}"; Filename: "{cmd}"; Parameters: "/k ""{app}\yucai.com"" diagnose"; WorkingDir: "{userdocs}"; Comment: "yucai diagnose"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\yucai.exe"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\yucai.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// The PKCS#11 modules of the CA keys used in Henan, by file name (docs/tokens-and-signing.md §7.2;
// the same list as desktop/token/modules.py KNOWN_MODULES): Longmai mToken GM3000, Feitian ePass2003
// and ePass3003, Watchdata, BJCA-issued keys. 64-bit copies live in System32, 32-bit ones in SysWOW64.
const
  KnownDrivers = 'gm3000_pkcs11.dll,gm3000_pkcs11_tw.dll,eps2003csp11.dll,eps2003csp11v2.dll,HYP2003PKCS11.dll,' +
                 'ShuttleCsp11_3003.dll,ShuttleCsp11_3003_X64.dll,ngp11v211.dll,wdpkcs.dll,SignatureP11.dll,' +
                 'bjcacsp11_3k.dll,bjcacsp11_ft11.dll';

function FoundCaDriver(): Boolean;
var
  Names: TStringList;
  I: Integer;
begin
  Result := False;
  Names := TStringList.Create;
  try
    Names.CommaText := KnownDrivers;
    I := 0;
    while (not Result) and (I < Names.Count) do
    begin
      Result := FileExists(ExpandConstant('{sys}\') + Names[I]) or
                FileExists(ExpandConstant('{syswow64}\') + Names[I]);
      I := I + 1;
    end;
  finally
    Names.Free;
  end;
end;

// True when Dir is not yet on the machine's PATH (so a reinstall does not add it twice).
function NeedsAddPath(Dir: String): Boolean;
var
  Path: String;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment',
                             'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure RemoveFromPath(Dir: String);
var
  Path: String;
  P: Integer;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment',
                             'Path', Path) then
    exit;
  P := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';');
  if P = 0 then
    exit;
  // P is 1-based in ';' + Path + ';'; the entry starts at P in Path and ends before the next ';'.
  Delete(Path, P, Length(Dir) + 1);
  if (Length(Path) > 0) and (Path[Length(Path)] = ';') then
    Delete(Path, Length(Path), 1);
  RegWriteExpandStringValue(HKEY_LOCAL_MACHINE, 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment',
                            'Path', Path);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and (not WizardSilent) and (not FoundCaDriver) then
    MsgBox(CustomMessage('NoCaDriver'), mbInformation, MB_OK);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  // Only the PATH entry we added; %LOCALAPPDATA%\yucai (the user's data) is left alone on purpose.
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
