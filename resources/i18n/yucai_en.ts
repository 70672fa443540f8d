<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>CaBindingPage</name>
    <message>
        <source>CA 自助绑定</source>
        <translation>CA self-service binding</translation>
    </message>
    <message>
        <source>采购人、代理机构和供应商将在这里自助绑定单位 key，无需财政部门审核。</source>
        <translation>Purchasers, agencies and suppliers will bind their unit keys here themselves; no review by the finance department is needed.</translation>
    </message>
    <message>
        <source>新制 CA 证书绑定，原有 key 更新绑定，同步供应商直接绑定</source>
        <translation>Binding of newly issued CA certificates, re-binding of existing keys, direct binding for synchronised suppliers</translation>
    </message>
    <message>
        <source>读取证书信息并核对单位的统一社会信用代码</source>
        <translation>Reading the certificate and checking the unit&apos;s unified social credit code</translation>
    </message>
    <message>
        <source>查看绑定状态：未绑定、续期、已绑定、数据重复、已绑定其他角色</source>
        <translation>Binding status: not bound, renewal, bound, duplicate records, bound to another role</translation>
    </message>
    <message>
        <source>个人 key 的绑定、续期与解绑（操作人员管理）</source>
        <translation>Binding, renewing and unbinding personal keys (operator management)</translation>
    </message>
    <message>
        <source>该功能正在开发中。绑定前可先用【密钥诊断】确认 key 是否可用。</source>
        <translation>This feature is under development. Before binding, use [Key diagnosis] to check that the key works.</translation>
    </message>
    <message>
        <source>密钥诊断</source>
        <translation>Key diagnosis</translation>
    </message>
    <message>
        <source>自助绑定</source>
        <translation>Self-service binding</translation>
    </message>
</context>
<context>
    <name>ContractsPage</name>
    <message>
        <source>合同在线签订</source>
        <translation>Online contract signing</translation>
    </message>
    <message>
        <source>未打开合同</source>
        <translation>No contract open</translation>
    </message>
    <message>
        <source>打开合同</source>
        <translation>Open contract</translation>
    </message>
    <message>
        <source>打开要签章的合同 PDF 文件</source>
        <translation>Open the contract PDF to sign</translation>
    </message>
    <message>
        <source>演示合同</source>
        <translation>Demo contract</translation>
    </message>
    <message>
        <source>生成一份演示用的框架协议采购合同并打开</source>
        <translation>Create a demo framework-agreement contract and open it</translation>
    </message>
    <message>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>重新检测插入的 key</source>
        <translation>Look for inserted keys again</translation>
    </message>
    <message>
        <source>签章</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>用选中的 key 在合同上签章：先单击页面选择位置，确认后输入口令</source>
        <translation>Sign the contract with the selected key: click the page where the seal goes, confirm, then enter the PIN</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>签章后的合同已自动保存在原文件旁；点此另存一份到其他位置</source>
        <translation>The signed contract is saved next to the original automatically; click to save a copy elsewhere</translation>
    </message>
    <message>
        <source>签章验证</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>取消签章</source>
        <translation>Cancel signing</translation>
    </message>
    <message>
        <source>未连接 key 服务，只能查看和验证合同。</source>
        <translation>No key service connected: contracts can only be viewed and verified.</translation>
    </message>
    <message>
        <source>正在检测 key……</source>
        <translation>Looking for keys…</translation>
    </message>
    <message>
        <source>签章 key：</source>
        <translation>Signing key:</translation>
    </message>
    <message>
        <source>打开合同，选择签章 key，然后点击【签章】。</source>
        <translation>Open a contract, choose the signing key, then click [Sign].</translation>
    </message>
    <message>
        <source>未连接 key 服务</source>
        <translation>No key service</translation>
    </message>
    <message>
        <source>检测 key 失败。</source>
        <translation>Looking for keys failed.</translation>
    </message>
    <message>
        <source>检测 key 失败</source>
        <translation>Looking for keys failed</translation>
    </message>
    <message>
        <source>找到 {n} 个可用于签章的证书。</source>
        <translation>{n} certificate(s) usable for signing found.</translation>
    </message>
    <message>
        <source>没有找到可用的 key。请插入 CA key，或到【CA 绑定与诊断】查看原因。</source>
        <translation>No usable key found. Insert your CA key, or see [CA binding &amp; diagnosis] for the reason.</translation>
    </message>
    <message>
        <source>没有可用的 key</source>
        <translation>No usable key</translation>
    </message>
    <message>
        <source>{name}（个人）</source>
        <translation>{name} (personal)</translation>
    </message>
    <message>
        <source>统一社会信用代码 {code}</source>
        <translation>Unified social credit code {code}</translation>
    </message>
    <message>
        <source>身份证号码 {code}</source>
        <translation>ID number {code}</translation>
    </message>
    <message>
        <source>有效期至 {date}</source>
        <translation>valid until {date}</translation>
    </message>
    <message>
        <source>key 序列号：{serial}
证书：{subject}</source>
        <translation>Key serial: {serial}
Certificate: {subject}</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>框架协议采购合同（演示）.pdf</source>
        <translation>framework-agreement-contract-demo.pdf</translation>
    </message>
    <message>
        <source>正在生成演示合同……</source>
        <translation>Creating the demo contract…</translation>
    </message>
    <message>
        <source>第 {n} / {count} 页</source>
        <translation>Page {n} / {count}</translation>
    </message>
    <message>
        <source>保存已签章的合同</source>
        <translation>Save the signed contract</translation>
    </message>
    <message>
        <source>已另存为“{path}”。</source>
        <translation>Saved a copy as “{path}”.</translation>
    </message>
    <message>
        <source>正在检查证书是否可以签署该合同……</source>
        <translation>Checking that the certificate may sign this contract…</translation>
    </message>
    <message>
        <source>未签章。</source>
        <translation>Not signed.</translation>
    </message>
    <message>
        <source>请在合同页面上单击要盖章的位置（印章中心）。按 Esc 或单击右键取消。</source>
        <translation>Click the contract page where the seal goes (its centre). Press Esc or right-click to cancel.</translation>
    </message>
    <message>
        <source>请选择签章位置。</source>
        <translation>Choose where the seal goes.</translation>
    </message>
    <message>
        <source>单击此处签章</source>
        <translation>Click to seal here</translation>
    </message>
    <message>
        <source>已取消签章。</source>
        <translation>Signing cancelled.</translation>
    </message>
    <message>
        <source>确认签章</source>
        <translation>Confirm signing</translation>
    </message>
    <message>
        <source>将使用“{name}”的证书，在第 {page} 页所选位置签章。</source>
        <translation>The certificate of “{name}” will sign at the chosen place on page {page}.</translation>
    </message>
    <message>
        <source>只能签章一次，请谨慎操作。</source>
        <translation>You can sign only once. Please proceed with care.</translation>
    </message>
    <message>
        <source>确定签章</source>
        <translation>Sign now</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>-已签章</source>
        <translation>-signed</translation>
    </message>
    <message>
        <source>请在弹出的窗口中输入 key 口令……</source>
        <translation>Enter the key&apos;s PIN in the window that opens…</translation>
    </message>
    <message>
        <source>正在签章……</source>
        <translation>Signing…</translation>
    </message>
    <message>
        <source>签章完成，已保存为“{name}”（在原合同所在的文件夹）。</source>
        <translation>Signed and saved as “{name}” (in the folder of the original contract).</translation>
    </message>
</context>
<context>
    <name>DiagnosisPage</name>
    <message>
        <source>正在检测 key……</source>
        <translation>Looking for keys…</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>输入口令检查</source>
        <translation>Check with PIN</translation>
    </message>
    <message>
        <source>复制诊断报告</source>
        <translation>Copy report</translation>
    </message>
    <message>
        <source>导出诊断报告</source>
        <translation>Export report</translation>
    </message>
    <message>
        <source>重新检测证书驱动、key 和证书</source>
        <translation>Look again for certificate drivers, keys and certificates</translation>
    </message>
    <message>
        <source>对选中的 key 输入口令，确认私钥可以签名</source>
        <translation>Enter the PIN of the selected key to confirm that its private keys can sign</translation>
    </message>
    <message>
        <source>证书驱动、key 与证书</source>
        <translation>Certificate drivers, keys and certificates</translation>
    </message>
    <message>
        <source>诊断结果</source>
        <translation>Findings</translation>
    </message>
    <message>
        <source>插入了多个 key，请先在上方列表中选中要输入口令的 key。</source>
        <translation>Several keys are inserted. Select the key to check in the list above first.</translation>
    </message>
    <message>
        <source>请在弹出的窗口中输入 key“{label}”的口令</source>
        <translation>Enter the PIN of key &quot;{label}&quot; in the dialog</translation>
    </message>
    <message>
        <source>诊断报告已复制到剪贴板</source>
        <translation>The diagnosis report was copied to the clipboard</translation>
    </message>
    <message>
        <source>诊断报告已导出到 {path}</source>
        <translation>The diagnosis report was saved to {path}</translation>
    </message>
    <message>
        <source>检测时间 {time}</source>
        <translation>Scanned at {time}</translation>
    </message>
    <message>
        <source>错误 {errors} 项，警告 {warnings} 项，提示 {infos} 项</source>
        <translation>errors: {errors}, warnings: {warnings}, notes: {infos}</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{names} 等 {count} 个</source>
        <translation>{names} and others ({count} in all)</translation>
    </message>
    <message>
        <source>✔ 已找到可用的 key：{names}</source>
        <translation>✔ Usable key found: {names}</translation>
    </message>
    <message>
        <source>✘ 未找到可用的 key，请按下方诊断结果处理</source>
        <translation>✘ No usable key found; follow the findings below</translation>
    </message>
    <message>
        <source>{verdict}&#x3000;（{tally}）</source>
        <translation>{verdict}  ({tally})</translation>
    </message>
    <message>
        <source>口令正确，key 中有 {count} 个私钥</source>
        <translation>PIN accepted; private keys on the key: {count}</translation>
    </message>
    <message>
        <source>口令检查未通过：{message}</source>
        <translation>PIN check failed: {message}</translation>
    </message>
    <message>
        <source>检测 key 时出错，请点击【刷新】重试</source>
        <translation>Scanning the keys failed; click [Refresh] to try again</translation>
    </message>
    <message>
        <source>检测到 key 插入或拔出，正在重新检测……</source>
        <translation>A key was inserted or removed; scanning again…</translation>
    </message>
    <message>
        <source>key诊断报告-{time}.txt</source>
        <translation>key-diagnosis-{time}.txt</translation>
    </message>
    <message>
        <source>文本文件 (*.txt)</source>
        <translation>Text files (*.txt)</translation>
    </message>
    <message>
        <source>JSON 文件 (*.json)</source>
        <translation>JSON files (*.json)</translation>
    </message>
</context>
<context>
    <name>FindingsTableModel</name>
    <message>
        <source>级别</source>
        <translation>Severity</translation>
    </message>
    <message>
        <source>问题与处理办法</source>
        <translation>Problem and remedy</translation>
    </message>
    <message>
        <source>涉及的 key</source>
        <translation>Key</translation>
    </message>
    <message>
        <source>错误</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>警告</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>处理办法：</source>
        <translation>Remedy: </translation>
    </message>
    <message>
        <source>（无标签的 key）</source>
        <translation>(key without a label)</translation>
    </message>
    <message>
        <source>密钥 ID {key_id}</source>
        <translation>key ID {key_id}</translation>
    </message>
</context>
<context>
    <name>KeyStatusLabel</name>
    <message>
        <source>正在检测 key……</source>
        <translation>Looking for keys…</translation>
    </message>
    <message>
        <source>检测到 {count} 个 key（可用 {usable} 个）&#x3000;上次检测 {time}</source>
        <translation>keys found: {count} (usable: {usable})    last scan {time}</translation>
    </message>
</context>
<context>
    <name>KeyTreeModel</name>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>单位名称 / 姓名</source>
        <translation>Unit / holder</translation>
    </message>
    <message>
        <source>统一社会信用代码 / 身份证号</source>
        <translation>Credit code / ID number</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>私钥</source>
        <translation>Private</translation>
    </message>
    <message>
        <source>密钥 ID</source>
        <translation>Key ID</translation>
    </message>
    <message>
        <source>（无标签）</source>
        <translation>(no label)</translation>
    </message>
    <message>
        <source>无法解析</source>
        <translation>unreadable</translation>
    </message>
    <message>
        <source>证书驱动</source>
        <translation>driver</translation>
    </message>
    <message>
        <source>证书驱动（未加载）</source>
        <translation>driver (not loaded)</translation>
    </message>
    <message>
        <source>{label}（{serial}）</source>
        <translation>{label} ({serial})</translation>
    </message>
    <message>
        <source>key（口令已锁定）</source>
        <translation>key (PIN locked)</translation>
    </message>
    <message>
        <source>key（未初始化）</source>
        <translation>key (not initialised)</translation>
    </message>
    <message>
        <source>CA 证书</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>个人</source>
        <translation>personal</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} – {end}</translation>
    </message>
    <message>
        <source>有</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>无</source>
        <translation>no</translation>
    </message>
    <message>
        <source>未确认</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>{code}（校验位错误）</source>
        <translation>{code} (bad check character)</translation>
    </message>
    <message>
        <source>序列号：{serial}
厂商：{maker}
型号：{model}
插槽：{slot}</source>
        <translation>Serial: {serial}
Manufacturer: {maker}
Model: {model}
Slot: {slot}</translation>
    </message>
    <message>
        <source>主题：{subject}
颁发者：{issuer}
序列号：{serial}
算法：{algorithm}</source>
        <translation>Subject: {subject}
Issuer: {issuer}
Serial: {serial}
Algorithm: {algorithm}</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>登录豫采桌面</source>
        <translation>Sign in to Yucai Desktop</translation>
    </message>
    <message>
        <source>CA 数字证书登录</source>
        <translation>Sign in with a CA certificate</translation>
    </message>
    <message>
        <source>账号密码登录</source>
        <translation>Sign in with a password</translation>
    </message>
    <message>
        <source>正在登录，请稍候……</source>
        <translation>Signing in, please wait…</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请输入 key 的 PIN 码</source>
        <translation>Enter the key&apos;s PIN</translation>
    </message>
    <message>
        <source>未检测到可用的 key，请插入 CA 数字证书后重试</source>
        <translation>No usable key found. Insert your CA key and try again.</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>PIN 码</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>仅适用于单位允许密码登录的账号；其他账号请使用 CA 数字证书登录。</source>
        <translation>Only for accounts whose unit allows password sign-in; other accounts sign in with a CA certificate.</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>豫采桌面</source>
        <translation>Yucai Desktop</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>账户与同步</source>
        <translation>Account &amp;&amp; sync</translation>
    </message>
    <message>
        <source>登录…</source>
        <translation>Sign in…</translation>
    </message>
    <message>
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>重新完整同步…</source>
        <translation>Full resync…</translation>
    </message>
    <message>
        <source>被退回的操作</source>
        <translation>Rejected actions</translation>
    </message>
    <message>
        <source>用 CA 数字证书（key）或账号密码登录，登录后自动同步</source>
        <translation>Sign in with a CA key or a password; syncing starts once you are signed in</translation>
    </message>
    <message>
        <source>{who}（{unit}，{post}）</source>
        <translation>{who} ({unit}, {post})</translation>
    </message>
    <message>
        <source>已登录账号 {name}</source>
        <translation>Signed in as {name}</translation>
    </message>
    <message>
        <source>；本次登录只在程序运行期间有效</source>
        <translation>; this sign-in lasts only while the app runs</translation>
    </message>
    <message>
        <source>本机数据与服务器不一致，可在“账户与同步”菜单中重新完整同步</source>
        <translation>Local data differs from the server; run a full resync from the Account &amp; sync menu</translation>
    </message>
    <message>
        <source>重新完整同步</source>
        <translation>Full resync</translation>
    </message>
    <message>
        <source>本机保存的数据与服务器核对不一致。</source>
        <translation>The data kept on this computer does not match the server.</translation>
    </message>
    <message>
        <source>重新从服务器下载全部数据？</source>
        <translation>Download all data from the server again?</translation>
    </message>
    <message>
        <source>重新完整同步会清除本机保存的服务器数据，再从服务器完整下载一遍；尚未上传的操作和被退回的操作不受影响。数据较多时需要几分钟。

是否现在重新完整同步？</source>
        <translation>A full resync clears the server data kept on this computer and downloads it all again; actions not yet uploaded and rejected actions are kept. With much data it takes a few minutes.

Run a full resync now?</translation>
    </message>
    <message>
        <source>稍后</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>框架协议采购</source>
        <translation>Framework agreements</translation>
    </message>
    <message>
        <source>合同在线签订</source>
        <translation>Online contract signing</translation>
    </message>
    <message>
        <source>CA 绑定与诊断</source>
        <translation>CA binding &amp; diagnosis</translation>
    </message>
    <message>
        <source>河南省政府采购</source>
        <translation>Henan government procurement</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>输入 key 口令</source>
        <translation>Key PIN</translation>
    </message>
    <message>
        <source>请输入 key 的口令（PIN），用于{purpose}。</source>
        <translation>Enter the PIN of the key ({purpose}).</translation>
    </message>
    <message>
        <source>key 标签：</source>
        <translation>Key label:</translation>
    </message>
    <message>
        <source>（无标签）</source>
        <translation>(no label)</translation>
    </message>
    <message>
        <source>序列号：</source>
        <translation>Serial:</translation>
    </message>
    <message>
        <source>（未知）</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>仅剩最后一次机会，再错将锁定 key！
如不确定口令，请点击【取消】，先联系 CA 厂商。</source>
        <translation>Last try: one more wrong PIN locks the key!
If you are not sure of the PIN, click [Cancel] and contact your CA first.</translation>
    </message>
    <message>
        <source>这个 key 已多次输错口令，剩余尝试次数不多，请确认后再输入。</source>
        <translation>Wrong PINs were entered on this key several times and few tries are left. Check the PIN before you type it.</translation>
    </message>
    <message>
        <source>口令</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>口令（PIN）：</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>本程序不保存口令，输错后也不会自动重试。</source>
        <translation>The PIN is never stored, and a wrong PIN is never retried automatically.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PlaceholderPanel</name>
    <message>
        <source>计划提供的功能：</source>
        <translation>Planned:</translation>
    </message>
</context>
<context>
    <name>ProcurementPage</name>
    <message>
        <source>框架协议采购</source>
        <translation>Framework agreements</translation>
    </message>
    <message>
        <source>封闭式和开放式框架协议采购的全过程将在这里办理。</source>
        <translation>Closed and open framework agreement procurement will be handled here from start to finish.</translation>
    </message>
    <message>
        <source>征集计划备案，以及主管预算单位、财政部门的审核</source>
        <translation>Filing of solicitation plans, with review by the budget authority and the finance department</translation>
    </message>
    <message>
        <source>征集公告的发布与查看</source>
        <translation>Publishing and viewing solicitation announcements</translation>
    </message>
    <message>
        <source>入围供应商名单与框架协议备案</source>
        <translation>Shortlisted suppliers and framework agreement filing</translation>
    </message>
    <message>
        <source>第二阶段合同的确定与备案</source>
        <translation>Second-stage contracts: award and filing</translation>
    </message>
    <message>
        <source>与河南省公共资源交易系统的对接</source>
        <translation>The link to the Henan public resource trading system</translation>
    </message>
    <message>
        <source>该功能正在开发中，将在后续版本提供。</source>
        <translation>This feature is under development and will come in a later release.</translation>
    </message>
</context>
<context>
    <name>SignatureRow</name>
    <message>
        <source>有效</source>
        <translation>valid</translation>
    </message>
    <message>
        <source>有问题</source>
        <translation>has problems</translation>
    </message>
    <message>
        <source>未知签章人</source>
        <translation>unknown signer</translation>
    </message>
    <message>
        <source>{mark} 签章 {n}：{who}（{verdict}）</source>
        <translation>{mark} Signature {n}: {who} ({verdict})</translation>
    </message>
    <message>
        <source>内容完整</source>
        <translation>Content intact</translation>
    </message>
    <message>
        <source>证书可信</source>
        <translation>Certificate trusted</translation>
    </message>
    <message>
        <source>覆盖整个文件</source>
        <translation>Covers the whole file</translation>
    </message>
    <message>
        <source>（时间戳）</source>
        <translation> (timestamp)</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>无</source>
        <translation>none</translation>
    </message>
    <message>
        <source>签章人</source>
        <translation>Signer</translation>
    </message>
    <message>
        <source>时间来自时间戳服务器</source>
        <translation>Time from a timestamp server</translation>
    </message>
    <message>
        <source>签章人电脑上的时间（没有时间戳）</source>
        <translation>Time on the signer&apos;s computer (no timestamp)</translation>
    </message>
    <message>
        <source>证书有效期：{start} 至 {end}</source>
        <translation>Certificate valid from {start} to {end}</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Credit code</translation>
    </message>
    <message>
        <source>证书中未找到</source>
        <translation>not in the certificate</translation>
    </message>
    <message>
        <source>签章时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>之后的修改</source>
        <translation>Later changes</translation>
    </message>
    <message>
        <source>之后有其他签章</source>
        <translation>signed again later</translation>
    </message>
    <message>
        <source>之后填写了表单</source>
        <translation>form fields filled in later</translation>
    </message>
    <message>
        <source>之后添加或修改了批注</source>
        <translation>annotations added or changed later</translation>
    </message>
    <message>
        <source>之后有其他修改，内容可能被篡改</source>
        <translation>other changes later: content may have been altered</translation>
    </message>
    <message>
        <source>文件末尾有未签名的数据</source>
        <translation>unsigned data after the last signature</translation>
    </message>
</context>
<context>
    <name>SignaturesPanel</name>
    <message>
        <source>打开合同后，这里显示文件中每个签章的验证结果。</source>
        <translation>Open a contract to see every signature in it checked here.</translation>
    </message>
    <message>
        <source>正在验证签章……</source>
        <translation>Checking signatures…</translation>
    </message>
    <message>
        <source>无法验证签章：{reason}</source>
        <translation>Cannot check the signatures: {reason}</translation>
    </message>
    <message>
        <source>该文件还没有签章。</source>
        <translation>This file has no signatures yet.</translation>
    </message>
    <message>
        <source>共 {n} 个签章，全部有效。</source>
        <translation>{n} signature(s), all valid.</translation>
    </message>
    <message>
        <source>共 {n} 个签章，其中 {bad} 个有问题。</source>
        <translation>{n} signature(s), {bad} with problems.</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>登录已失效，请重新登录</source>
        <translation>Your session has expired; please sign in again</translation>
    </message>
    <message>
        <source>{n} 项操作被服务器退回，请查看原因</source>
        <translation>{n} action(s) rejected by the server; see why</translation>
    </message>
    <message>
        <source>未登录：登录后开始同步</source>
        <translation>Not signed in: syncing starts once you sign in</translation>
    </message>
</context>
<context>
    <name>SyncRejectionsPage</name>
    <message>
        <source>没有被退回的操作</source>
        <translation>No rejected operations</translation>
    </message>
    <message>
        <source>我已知晓，移出列表</source>
        <translation>Understood, remove from the list</translation>
    </message>
    <message>
        <source>以下操作已被服务器退回，未生效。请根据原因修改后重新办理。</source>
        <translation>The server rejected these operations; they did not take effect. Correct them as the reason says and submit again.</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>待上传 {n} 项</source>
        <translation>{n} to upload</translation>
    </message>
    <message>
        <source>无待上传</source>
        <translation>Nothing to upload</translation>
    </message>
    <message>
        <source>{n} 项被退回</source>
        <translation>{n} rejected</translation>
    </message>
    <message>
        <source>{step}：已处理 {n} 项</source>
        <translation>{step}: {n} done</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>同步中</source>
        <translation>Syncing</translation>
    </message>
</context>
<context>
    <name>UnexpectedErrorDialog</name>
    <message>
        <source>豫采桌面</source>
        <translation>Yucai Desktop</translation>
    </message>
    <message>
        <source>程序遇到了意外错误，当前操作没有完成。
请点击【复制详细信息】，把内容发给技术支持。</source>
        <translation>An unexpected error stopped the current operation.
Click [Copy details] and send them to technical support.</translation>
    </message>
    <message>
        <source>复制详细信息</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>已复制</source>
        <translation>Copied</translation>
    </message>
</context>
<context>
    <name>present_error</name>
    <message>
        <source>豫采桌面</source>
        <translation>Yucai Desktop</translation>
    </message>
    <message>
        <source>处理办法：</source>
        <translation>What to do: </translation>
    </message>
</context>
</TS>
