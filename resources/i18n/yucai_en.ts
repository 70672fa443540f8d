<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>ActionsDelegate</name>
    <message>
        <source>签章</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>合同备案</source>
        <translation>File contract</translation>
    </message>
</context>
<context>
    <name>AddContractDialog</name>
    <message>
        <source>编辑合同在线签订</source>
        <translation>Edit online contract signing</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>填写合同信息</source>
        <translation>Contract information</translation>
    </message>
    <message>
        <source>请点击【选择】，选择发布过结果公告的标段</source>
        <translation>Click [Choose] to pick a lot whose result announcement is published</translation>
    </message>
    <message>
        <source>选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>例如：台式计算机采购合同</source>
        <translation>e.g. Desktop computer purchase contract</translation>
    </message>
    <message>
        <source>项目名称：</source>
        <translation>Project:</translation>
    </message>
    <message>
        <source>标段：</source>
        <translation>Lot:</translation>
    </message>
    <message>
        <source>采购人：</source>
        <translation>Purchaser:</translation>
    </message>
    <message>
        <source>供应商：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>成交金额（元）：</source>
        <translation>Award amount (CNY):</translation>
    </message>
    <message>
        <source>合同名称：</source>
        <translation>Contract title:</translation>
    </message>
    <message>
        <source>合同文件：</source>
        <translation>Contract file:</translation>
    </message>
    <message>
        <source>采购单位、供应商线下确定合同内容后，上传该合同 PDF 文件，保存后双方在线签章。</source>
        <translation>Once purchaser and supplier have agreed the contract offline, upload its PDF; after saving, both parties sign it online.</translation>
    </message>
    <message>
        <source>{lot}合同</source>
        <translation>{lot} contract</translation>
    </message>
    <message>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
</context>
<context>
    <name>AgreementFilingDialog</name>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>框架协议备案编辑</source>
        <translation>Edit the framework agreement filing</translation>
    </message>
    <message>
        <source>新增框架协议备案</source>
        <translation>New framework agreement filing</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>选择项目：</source>
        <translation>Project:</translation>
    </message>
    <message>
        <source>征集人：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation>Unified social credit code:</translation>
    </message>
    <message>
        <source>框架协议类型：</source>
        <translation>Agreement type:</translation>
    </message>
    <message>
        <source>项目分类：</source>
        <translation>Project category:</translation>
    </message>
    <message>
        <source>入围供应商：</source>
        <translation>Shortlisted suppliers:</translation>
    </message>
    <message>
        <source>如入围供应商地址以及联系方式有变化，可到“入围供应商管理”功能中进行维护</source>
        <translation>If a shortlisted supplier&apos;s address or contacts change, update them under &quot;Shortlisted suppliers&quot;</translation>
    </message>
    <message>
        <source>框架协议有效期：</source>
        <translation>Agreement validity:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存后在列表页面点击【备案】提交内部审核岗审核</source>
        <translation>After saving, click [File] in the list to send it to the internal reviewer</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>没有可以备案的项目：入围结果公告发布后才可以进行框架协议备案</source>
        <translation>No project can be filed: an agreement can be filed only after its shortlist result announcement is published</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>供应商名称|统一社会信用代码|地址|联系人|联系电话|委托代理商</source>
        <translation>Supplier|Credit code|Address|Contact|Phone|Agents</translation>
    </message>
    <message>
        <source>框架协议备案已保存，请在列表页面点击【备案】提交审核。</source>
        <translation>Agreement filing saved. Click [File] in the list to send it for review.</translation>
    </message>
</context>
<context>
    <name>AgreementViewDialog</name>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>待备案（未同步）</source>
        <translation>Not filed (not synced)</translation>
    </message>
    <message>
        <source>计划编号：{number}    状态：{state}</source>
        <translation>Plan number: {number}    State: {state}</translation>
    </message>
    <message>
        <source>征集人本单位及其所属单位</source>
        <translation>The collector and its subordinate units</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>征集人：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>框架协议类型：</source>
        <translation>Agreement type:</translation>
    </message>
    <message>
        <source>适用范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>框架协议有效期：</source>
        <translation>Agreement validity:</translation>
    </message>
    <message>
        <source>供应商名称|统一社会信用代码|地址|联系人|联系电话|委托代理商</source>
        <translation>Supplier|Credit code|Address|Contact|Phone|Agents</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>入围供应商（系统自动带出）：</source>
        <translation>Shortlisted suppliers (carried by the system):</translation>
    </message>
    <message>
        <source>框架协议备案已审核通过，联网同步后备案完成。</source>
        <translation>Agreement filing approved; it is filed once synced.</translation>
    </message>
    <message>
        <source>框架协议备案已退回经办岗，联网同步后生效。</source>
        <translation>Agreement filing returned to the handler; takes effect once synced.</translation>
    </message>
</context>
<context>
    <name>AnnouncementDialog</name>
    <message>
        <source>栏目：{column}    状态：{state}</source>
        <translation>Column: {column}    State: {state}</translation>
    </message>
    <message>
        <source>发布时间：{at}</source>
        <translation>Published: {at}</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>计划编号：{number}&#x3000;框架协议类型：{form}</source>
        <translation>Plan number: {number}  Agreement type: {form}</translation>
    </message>
    <message>
        <source>征集人名称：{v}</source>
        <translation>Collector: {v}</translation>
    </message>
    <message>
        <source>联系人：{v}</source>
        <translation>Contact: {v}</translation>
    </message>
    <message>
        <source>联系方式：{v}</source>
        <translation>Phone: {v}</translation>
    </message>
    <message>
        <source>联系地址：{v}</source>
        <translation>Address: {v}</translation>
    </message>
    <message>
        <source>征集人信息</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>分包编号</source>
        <translation>Lot no.</translation>
    </message>
    <message>
        <source>分包名称</source>
        <translation>Lot name</translation>
    </message>
    <message>
        <source>最高限制单价（元）</source>
        <translation>Max. unit price (yuan)</translation>
    </message>
    <message>
        <source>分包信息</source>
        <translation>Lots</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>供应商名称</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>供应商地址</source>
        <translation>Supplier address</translation>
    </message>
    <message>
        <source>入围供应商</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>公告内容</source>
        <translation>Content</translation>
    </message>
    <message>
        <source>已审核通过，联网同步后公告发布在“{column}”栏目。</source>
        <translation>Approved; once synced the announcement is published in the &quot;{column}&quot; column.</translation>
    </message>
    <message>
        <source>公告已退回经办岗，联网同步后生效。</source>
        <translation>Announcement returned to the handler; takes effect once synced.</translation>
    </message>
</context>
<context>
    <name>AnnouncementListModel</name>
    <message>
        <source>公告标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>公告类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>征集人</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>发布时间</source>
        <translation>Published</translation>
    </message>
</context>
<context>
    <name>AnnouncementsTab</name>
    <message>
        <source>信息发布</source>
        <translation>Announcements</translation>
    </message>
    <message>
        <source>已发布的公告：征集公告在“采购公告”栏目，入围结果公告在“结果公告”栏目，二阶段合同公告在“合同公告”栏目。</source>
        <translation>Published announcements: collection notices under &quot;Procurement&quot;, shortlist results under &quot;Results&quot;, second-stage contract announcements under &quot;Contracts&quot;.</translation>
    </message>
    <message>
        <source>搜索公告标题、项目名称、计划编号或征集人</source>
        <translation>Search title, project, plan number or collector</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>采购公告</source>
        <translation>Procurement</translation>
    </message>
    <message>
        <source>结果公告</source>
        <translation>Results</translation>
    </message>
    <message>
        <source>合同公告</source>
        <translation>Contracts</translation>
    </message>
    <message>
        <source>请先登录，登录并同步后在这里查看已发布的公告</source>
        <translation>Log in and sync to see the published announcements here</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Loading…</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} in all</translation>
    </message>
    <message>
        <source>本栏目暂无已发布的公告</source>
        <translation>No published announcements in this column</translation>
    </message>
</context>
<context>
    <name>ApplyDialog</name>
    <message>
        <source>申请加入框架协议</source>
        <translation>Apply to join a framework agreement</translation>
    </message>
    <message>
        <source>申请加入开放式框架协议“{project}”（{number}），征集人：{collector}。征集人应在收到申请后7个工作日内完成审核，审核通过后2个工作日内发布入围公告。</source>
        <translation>Apply to join the open framework agreement &quot;{project}&quot; ({number}), collector: {collector}. The collector reviews within 7 working days of receipt and announces an approval within 2 working days.</translation>
    </message>
    <message>
        <source>供应商名称：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation>Unified social credit code:</translation>
    </message>
    <message>
        <source>供应商地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>供应商联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>供应商联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>不能申请：{reason}</source>
        <translation>Cannot apply: {reason}</translation>
    </message>
</context>
<context>
    <name>BidDialog</name>
    <message>
        <source>二次竞价报价</source>
        <translation>Second-round bid</translation>
    </message>
    <message>
        <source>框架协议项目：</source>
        <translation>Framework agreement project:</translation>
    </message>
    <message>
        <source>采购项目名称：</source>
        <translation>Procurement title:</translation>
    </message>
    <message>
        <source>采购人：</source>
        <translation>Purchaser:</translation>
    </message>
    <message>
        <source>竞价响应截止时间：</source>
        <translation>Response deadline:</translation>
    </message>
    <message>
        <source>协议价格（元）：</source>
        <translation>Agreement price (yuan):</translation>
    </message>
    <message>
        <source>不得高于协议价格，单位：元</source>
        <translation>Not above the agreement price, in yuan</translation>
    </message>
    <message>
        <source>报价（元）：</source>
        <translation>Bid (yuan):</translation>
    </message>
    <message>
        <source>每家供应商只能报价一次，提交后不能修改；截止时间以服务器时间为准。</source>
        <translation>Each supplier bids once and cannot change the bid; the deadline follows the server&apos;s clock.</translation>
    </message>
    <message>
        <source>提交报价</source>
        <translation>Submit bid</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>不能报价：{reason}</source>
        <translation>Cannot bid: {reason}</translation>
    </message>
</context>
<context>
    <name>BidsTab</name>
    <message>
        <source>报价</source>
        <translation>Bid</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>框架协议项目</source>
        <translation>Framework agreement project</translation>
    </message>
    <message>
        <source>采购项目名称</source>
        <translation>Procurement title</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>竞价响应截止时间</source>
        <translation>Response deadline</translation>
    </message>
    <message>
        <source>协议价格（元）</source>
        <translation>Agreement price (yuan)</translation>
    </message>
    <message>
        <source>我的报价（元）</source>
        <translation>My bid (yuan)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>二次竞价</source>
        <translation>Second-round bidding</translation>
    </message>
    <message>
        <source>采购人发起二次竞价后，被邀请的入围供应商在竞价响应截止时间前报价一次，报价不得高于协议价格，报价最低者成交。</source>
        <translation>Invited shortlisted suppliers bid once before the response deadline, not above the agreement price; the lowest bid wins.</translation>
    </message>
    <message>
        <source>审核岗可以查看竞价邀请和结果；报价由经办岗办理。</source>
        <translation>Reviewers may view invitations and results; bids are made by the handler post.</translation>
    </message>
    <message>
        <source>（待同步）</source>
        <translation> (pending sync)</translation>
    </message>
    <message>
        <source>共 {n} 项竞价邀请</source>
        <translation>{n} bidding invitation(s)</translation>
    </message>
    <message>
        <source>没有二次竞价邀请。采购人邀请贵单位参加二次竞价后，联网同步即可在这里看到。</source>
        <translation>No bidding invitations. When a purchaser invites your unit to a second-round bidding, it appears here after syncing.</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>&lt;b&gt;{title}&lt;/b&gt;（{purchaser}）</source>
        <translation>&lt;b&gt;{title}&lt;/b&gt; ({purchaser})</translation>
    </message>
    <message>
        <source>竞价响应截止时间：{deadline}；协议价格（最高限价）：{ceiling} 元；已邀请 {n} 家入围供应商</source>
        <translation>Response deadline: {deadline}; agreement price (ceiling): {ceiling} yuan; {n} shortlisted supplier(s) invited</translation>
    </message>
    <message>
        <source>我的报价：{price} 元（{at} 提交）</source>
        <translation>My bid: {price} yuan (submitted {at})</translation>
    </message>
    <message>
        <source>我的报价：{price} 元，待同步：联网同步后提交服务器</source>
        <translation>My bid: {price} yuan, pending sync: sent to the server once online</translation>
    </message>
    <message>
        <source>成交供应商：{name}，成交价 {price} 元</source>
        <translation>Awarded to: {name}, at {price} yuan</translation>
    </message>
    <message>
        <source>报价排名（元）：{ranked}</source>
        <translation>Bid ranking (yuan): {ranked}</translation>
    </message>
    <message>
        <source>不能报价：{reason}</source>
        <translation>Cannot bid: {reason}</translation>
    </message>
</context>
<context>
    <name>BindingAuditPanel</name>
    <message>
        <source>单位 key 和个人 key 的每一次绑定、续期、解绑，以及被拒绝的绑定申请，都记录在服务器上，按时间先后列出。将鼠标停在证书序列号或指纹上可以看到完整的值。</source>
        <translation>Every bind, renewal and unbind of a unit key or a personal key, and every refused binding request, is recorded on the server and listed here oldest first. Hover over a serial number or a fingerprint to see the full value.</translation>
    </message>
    <message>
        <source>18 位代码，留空查看全部</source>
        <translation>18-character code; leave empty for all records</translation>
    </message>
    <message>
        <source>查询</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>重置</source>
        <translation>Reset</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>从服务器重新读取绑定记录</source>
        <translation>Read the binding records from the server again</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>用户类型</source>
        <translation>User type</translation>
    </message>
    <message>
        <source>单位/统一社会信用代码</source>
        <translation>Unit / credit code</translation>
    </message>
    <message>
        <source>操作人员</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>证书序列号</source>
        <translation>Certificate serial</translation>
    </message>
    <message>
        <source>SHA-256 指纹</source>
        <translation>SHA-256 fingerprint</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>加载更多</source>
        <translation>Load more</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>已加载 {count} 条记录，点击【加载更多】查看之后的记录</source>
        <translation>{count} records loaded; click [Load more] for the later ones</translation>
    </message>
    <message>
        <source>共 {count} 条记录</source>
        <translation>{count} records</translation>
    </message>
    <message>
        <source>请先用监管账号登录，登录后可以在这里查看 CA 绑定记录。</source>
        <translation>Log in with a regulator account to see the CA binding records here.</translation>
    </message>
    <message>
        <source>仅监管账号可以查看 CA 绑定记录；当前账号的用户类型为{user_type}。</source>
        <translation>Only regulator accounts may see the CA binding records; this account&apos;s user type is {user_type}.</translation>
    </message>
    <message>
        <source>没有统一社会信用代码为 {code} 的绑定记录。</source>
        <translation>No binding records for the credit code {code}.</translation>
    </message>
    <message>
        <source>暂无绑定记录。</source>
        <translation>No binding records yet.</translation>
    </message>
    <message>
        <source>无法连接服务器：绑定记录保存在服务器上，需要联网查看。请检查网络连接后点击【刷新】。</source>
        <translation>Cannot reach the server: the binding records are kept on the server and need the network. Check the network connection, then click [Refresh].</translation>
    </message>
    <message>
        <source>请用监管账号重新登录后点击【刷新】。</source>
        <translation>Log in again with a regulator account, then click [Refresh].</translation>
    </message>
    <message>
        <source>请稍后点击【刷新】重试。</source>
        <translation>Click [Refresh] to try again in a moment.</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>代理机构</source>
        <translation>Agency</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>监管</source>
        <translation>Regulator</translation>
    </message>
    <message>
        <source>绑定</source>
        <translation>Bind</translation>
    </message>
    <message>
        <source>续期</source>
        <translation>Renew</translation>
    </message>
    <message>
        <source>解绑</source>
        <translation>Unbind</translation>
    </message>
    <message>
        <source>{action}（个人 key）</source>
        <translation>{action} (personal key)</translation>
    </message>
    <message>
        <source>{action}（单位 key）</source>
        <translation>{action} (unit key)</translation>
    </message>
    <message>
        <source>{message}（代码：{code}）</source>
        <translation>{message} (code: {code})</translation>
    </message>
    <message>
        <source>登录账号：{username}</source>
        <translation>Login account: {username}</translation>
    </message>
    <message>
        <source>该 key 不能再登录账号 {username}</source>
        <translation>The key no longer logs in to the account {username}</translation>
    </message>
    <message>
        <source>该 key 可以登录账号 {username}</source>
        <translation>The key logs in to the account {username}</translation>
    </message>
    <message>
        <source>统一社会信用代码：{code}</source>
        <translation>Unified social credit code: {code}</translation>
    </message>
    <message>
        <source>经办账号：{username}</source>
        <translation>Acting account: {username}</translation>
    </message>
    <message>
        <source>成功</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>拒绝</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>SHA-256：{fingerprint}</source>
        <translation>SHA-256: {fingerprint}</translation>
    </message>
</context>
<context>
    <name>BindingWizard</name>
    <message>
        <source>操作指引</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>证书信息</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>读取证书信息</source>
        <translation>Read certificate</translation>
    </message>
    <message>
        <source>用该 key 登录</source>
        <translation>Log in with this key</translation>
    </message>
    <message>
        <source>填写备案信息</source>
        <translation>Registration details</translation>
    </message>
    <message>
        <source>办理绑定的经办人姓名</source>
        <translation>Name of the handler doing the binding</translation>
    </message>
    <message>
        <source>手机或座机，如 0371-65808207</source>
        <translation>Mobile or landline, e.g. 0371-65808207</translation>
    </message>
    <message>
        <source>用户类型</source>
        <translation>User type</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>代理机构</source>
        <translation>Procurement agency</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>操作人名称</source>
        <translation>Operator name</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>单位信息与绑定状态</source>
        <translation>Unit and binding status</translation>
    </message>
    <message>
        <source>加载单位信息</source>
        <translation>Load unit information</translation>
    </message>
    <message>
        <source>读取证书信息后自动加载已注册的单位信息。</source>
        <translation>The registered unit is loaded automatically after the certificate is read.</translation>
    </message>
    <message>
        <source>单位名称</source>
        <translation>Unit name</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>单位来源</source>
        <translation>Registered via</translation>
    </message>
    <message>
        <source>已核对以上证书信息和单位信息，将该 key 绑定到本单位账号</source>
        <translation>I have checked the certificate and unit above; bind this key to the unit&apos;s account</translation>
    </message>
    <message>
        <source>提交绑定</source>
        <translation>Submit binding</translation>
    </message>
    <message>
        <source>正在读取证书信息……</source>
        <translation>Reading the certificates…</translation>
    </message>
    <message>
        <source>未检测到证书：请安装互认版驱动并插入机构锁后重新读取。</source>
        <translation>No certificate found: install the mutual-recognition driver, insert the unit key and read again.</translation>
    </message>
    <message>
        <source>正在加载单位信息……</source>
        <translation>Loading the unit information…</translation>
    </message>
    <message>
        <source>绑定状态：{status}</source>
        <translation>Binding status: {status}</translation>
    </message>
    <message>
        <source>该单位由公共资源交易中心同步：绑定后账号状态为【绑定 key 未启用】，仅具有临时权限，需使用 key 登录，维护单位信息并提交后才具有正式功能权限。</source>
        <translation>This unit was synchronised from the public resource trading centre: after binding, the account is [key bound, not enabled] with temporary rights only; log in with the key, complete and submit the unit information to get full rights.</translation>
    </message>
    <message>
        <source>请填写操作人名称</source>
        <translation>Enter the operator&apos;s name</translation>
    </message>
    <message>
        <source>请填写联系电话</source>
        <translation>Enter the phone number</translation>
    </message>
    <message>
        <source>绑定 key</source>
        <translation>binding the key</translation>
    </message>
    <message>
        <source>正在验证 key 口令……</source>
        <translation>Checking the key&apos;s PIN…</translation>
    </message>
    <message>
        <source>正在提交绑定……</source>
        <translation>Submitting the binding…</translation>
    </message>
    <message>
        <source>续期成功</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <source>绑定成功</source>
        <translation>Bound</translation>
    </message>
    <message>
        <source>{what}：key 已绑定到 {unit} 的账号“{username}”。</source>
        <translation>{what}: the key is bound to the account &quot;{username}&quot; of {unit}.</translation>
    </message>
    <message>
        <source>账号状态：{status}</source>
        <translation>Account status: {status}</translation>
    </message>
    <message>
        <source>仅具有临时权限：请用该 key 登录，维护单位信息并提交后才具有正式功能权限。</source>
        <translation>Temporary rights only: log in with this key, complete and submit the unit information to get full rights.</translation>
    </message>
    <message>
        <source>现在可以用该 key 登录。</source>
        <translation>You can now log in with this key.</translation>
    </message>
</context>
<context>
    <name>BindingWizardDialog</name>
    <message>
        <source>CA 自助绑定</source>
        <translation>CA self-service binding</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>CaBindingPage</name>
    <message>
        <source>密钥诊断</source>
        <translation>Key diagnosis</translation>
    </message>
    <message>
        <source>CA 自助绑定</source>
        <translation>CA self-service binding</translation>
    </message>
    <message>
        <source>操作人员管理</source>
        <translation>Operators</translation>
    </message>
    <message>
        <source>未连接政府采购系统服务器：CA 绑定需要联网办理。绑定前可先用【密钥诊断】确认 key 是否可用。</source>
        <translation>Not connected to the government procurement server: binding a key needs the network. Meanwhile, use [Key diagnosis] to check that the key works.</translation>
    </message>
    <message>
        <source>绑定记录</source>
        <translation>Binding records</translation>
    </message>
</context>
<context>
    <name>CaBindingTexts</name>
    <message>
        <source>可以供采购人、代理机构、供应商等角色绑定单位 key。本功能所有操作均为用户经办岗进行自助操作，不需财政部门审核。</source>
        <translation>Purchasers, agencies and suppliers bind their unit keys here. Everything is done by the unit&apos;s handler; no review by the finance department is needed.</translation>
    </message>
    <message>
        <source>相关准备工作</source>
        <translation>Preparation</translation>
    </message>
    <message>
        <source>确保贵单位已注册入库，且注册信息中的统一社会信用代码与办理单位的 CA 锁时提供的信息一致。</source>
        <translation>Make sure your unit is registered and that the unified social credit code in its registration is the one given when the unit&apos;s CA key was issued.</translation>
    </message>
    <message>
        <source>完善备案信息后，打开互认版驱动（若未安装驱动，下载驱动），并插入机构锁点击【读取证书信息】，确认证书信息是否正确。</source>
        <translation>After filling in the details, start the mutual-recognition driver (download it if it is not installed), insert the unit key and click [Read certificate] to check the certificate.</translation>
    </message>
    <message>
        <source>若读取的证书信息异常，请联系发锁机构更新升级证书。</source>
        <translation>If the certificate shows a problem, ask the CA that issued the key to update it.</translation>
    </message>
    <message>
        <source>绑定 CA 证书</source>
        <translation>Binding the CA certificate</translation>
    </message>
    <message>
        <source>选择要绑定的用户类型，填写操作人名称和联系电话。</source>
        <translation>Choose the user type to bind and enter the operator&apos;s name and phone.</translation>
    </message>
    <message>
        <source>点击【读取证书信息】按钮，自动读取证书信息和已注册单位信息；如未自动加载，点击【加载单位信息】。</source>
        <translation>Click [Read certificate]: the certificate and the registered unit are read; if the unit is not loaded, click [Load unit information].</translation>
    </message>
    <message>
        <source>核对单位信息和绑定状态，勾选确认项，点击【提交绑定】并输入 key 的口令（PIN）。</source>
        <translation>Check the unit and the binding status, tick the confirmation, click [Submit binding] and enter the key&apos;s PIN.</translation>
    </message>
    <message>
        <source>注意</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>政府采购系统暂不支持一个单位多角色绑定。需一个角色绑定一个 key。一个 key 只能绑定一个登录账号。</source>
        <translation>A unit cannot bind several roles with one key: one role, one key; a key binds one login account only.</translation>
    </message>
    <message>
        <source>未在政府采购系统注册、但已在河南省公共资源交易中心注册的供应商，可以直接绑定 key，绑 key 后状态为【绑定 key 未启用】，仅具有临时权限，需使用 key 登录，维护单位信息并提交后才具有正式功能权限。</source>
        <translation>Suppliers registered with the Henan public resource trading centre but not in the procurement system can bind their key directly; the account is then [key bound, not enabled] with temporary rights until they log in with the key, complete and submit the unit information.</translation>
    </message>
    <message>
        <source>个人 key 请使用单位账号登录后，在【操作人员管理】中点击相应人员的【管理 key】绑定。</source>
        <translation>Personal keys are bound after logging in with the unit account: [Operators], then [Manage keys] for the person.</translation>
    </message>
    <message>
        <source>key 已经到期</source>
        <translation>The key has expired</translation>
    </message>
    <message>
        <source>证书尚未生效</source>
        <translation>The certificate is not valid yet</translation>
    </message>
    <message>
        <source>key 可能不是单位 key</source>
        <translation>The key is probably not a unit key</translation>
    </message>
    <message>
        <source>不是个人 key</source>
        <translation>Not a personal key</translation>
    </message>
    <message>
        <source>身份证号不一致</source>
        <translation>ID numbers differ</translation>
    </message>
    <message>
        <source>未维护身份证号</source>
        <translation>No ID number recorded</translation>
    </message>
    <message>
        <source>key 信息有问题</source>
        <translation>The key&apos;s information is faulty</translation>
    </message>
    <message>
        <source>提醒</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>key 不可用</source>
        <translation>The key cannot be used</translation>
    </message>
    <message>
        <source>请重新点击【提交绑定】。</source>
        <translation>Click [Submit binding] again.</translation>
    </message>
    <message>
        <source>该操作人员需要有且只有一个登录账号才能绑定个人 key，请联系监管单位处理。</source>
        <translation>The operator needs exactly one login account to bind a personal key; contact the supervising unit.</translation>
    </message>
    <message>
        <source>该 key 已绑定账号，可以直接用该 key 登录，无需再次绑定。</source>
        <translation>The key is already bound to an account: log in with it, no need to bind it again.</translation>
    </message>
    <message>
        <source>请核对选择的用户类型；一个 key 只能绑定一个登录账号，需绑定其他角色时请使用另一个 key。</source>
        <translation>Check the chosen user type; a key binds one login account only, use another key for another role.</translation>
    </message>
    <message>
        <source>请重新点击【读取证书信息】后再提交。</source>
        <translation>Click [Read certificate] again, then submit.</translation>
    </message>
    <message>
        <source>请先用单位账号登录。</source>
        <translation>Log in with the unit account first.</translation>
    </message>
    <message>
        <source>一个 key 只能绑定一个登录账号：请插入该操作人员自己的个人 key。</source>
        <translation>A key binds one login account only: insert the operator&apos;s own personal key.</translation>
    </message>
    <message>
        <source>请点击【刷新】重新读取已绑定的 key。</source>
        <translation>Click [Refresh] to read the bound keys again.</translation>
    </message>
    <message>
        <source>处理办法：</source>
        <translation>What to do: </translation>
    </message>
</context>
<context>
    <name>ChooseSupplierDialog</name>
    <message>
        <source>确定成交供应商</source>
        <translation>Determine supplier</translation>
    </message>
    <message>
        <source>{project}（计划编号 {number}）    确定成交供应商的方式：{method}    状态：{state}</source>
        <translation>{project} (plan number {number})    Supplier determined by: {method}    Status: {state}</translation>
    </message>
    <message>
        <source>成交供应商：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>从框架协议当前的入围供应商中直接选定成交供应商。</source>
        <translation>Pick the supplier directly among the agreement&apos;s current suppliers.</translation>
    </message>
    <message>
        <source>确定</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>已直接选定成交供应商，联网同步后进行合同备案。</source>
        <translation>Supplier selected directly; file the contract once it is synced.</translation>
    </message>
    <message>
        <source>（本轮已成交）</source>
        <translation>(awarded this cycle)</translation>
    </message>
    <message>
        <source>← 下一家</source>
        <translation>← next</translation>
    </message>
    <message>
        <source>第 {cycle} 轮轮候，下一家成交供应商：{name}</source>
        <translation>Rotation cycle {cycle}, next supplier: {name}</translation>
    </message>
    <message>
        <source>轮候顺序（征集文件确定，供应商退出时才变动）：</source>
        <translation>Rotation order (fixed at collection; changes only when a supplier leaves):</translation>
    </message>
    <message>
        <source>顺序轮候每个轮候周期内每家供应商只能成交一次；服务器按最新的轮候顺序核对。</source>
        <translation>In rotation each supplier wins once per cycle; the server checks against the latest order.</translation>
    </message>
    <message>
        <source>已按顺序轮候确定成交供应商，联网同步后进行合同备案。</source>
        <translation>Supplier determined by rotation; file the contract once it is synced.</translation>
    </message>
    <message>
        <source>不填写则以协议价格 {price} 元为最高限价</source>
        <translation>Leave empty to cap bids at the agreement price of {price} yuan</translation>
    </message>
    <message>
        <source>入围结果公告未载明最高入围价格，请填写</source>
        <translation>The shortlist result names no maximum price; please enter one</translation>
    </message>
    <message>
        <source>邀请全部入围供应商</source>
        <translation>All shortlisted suppliers</translation>
    </message>
    <message>
        <source>邀请部分入围供应商</source>
        <translation>Some shortlisted suppliers</translation>
    </message>
    <message>
        <source>竞价响应截止时间（北京时间）：</source>
        <translation>Bid deadline (Beijing time):</translation>
    </message>
    <message>
        <source>最高限价（元）：</source>
        <translation>Ceiling (yuan):</translation>
    </message>
    <message>
        <source>邀请供应商：</source>
        <translation>Invite:</translation>
    </message>
    <message>
        <source>报价不得高于最高限价，截止时间后报价最低的供应商成交；截止时间以服务器时间为准。</source>
        <translation>Bids may not exceed the ceiling; after the deadline the lowest bid wins. The server&apos;s clock decides the deadline.</translation>
    </message>
    <message>
        <source>发起竞价</source>
        <translation>Start bidding</translation>
    </message>
    <message>
        <source>最高限价“{text}”不是有效的金额</source>
        <translation>Ceiling &quot;{text}&quot; is not a valid amount</translation>
    </message>
    <message>
        <source>请勾选要邀请的供应商</source>
        <translation>Tick the suppliers to invite</translation>
    </message>
    <message>
        <source>已发起二次竞价，联网同步后受邀供应商可以报价。</source>
        <translation>Second-round bidding started; invited suppliers can bid once it is synced.</translation>
    </message>
    <message>
        <source>受邀供应商：</source>
        <translation>Invited suppliers:</translation>
    </message>
    <message>
        <source>已收到 {n} 份报价，截止时间后开启。</source>
        <translation>{n} bids received; they are opened after the deadline.</translation>
    </message>
    <message>
        <source>报价：</source>
        <translation>Bids:</translation>
    </message>
    <message>
        <source>截止时间后点击【确定成交供应商】：报价最低的供应商成交，各家报价按排名公开；无人报价则竞价失败。</source>
        <translation>After the deadline click [Determine supplier]: the lowest bid wins and all bids are shown ranked; with no bid the bidding fails.</translation>
    </message>
    <message>
        <source>已确定二次竞价成交供应商，联网同步后查看报价排名并进行合同备案。</source>
        <translation>Bidding awarded; once synced see the ranked bids and file the contract.</translation>
    </message>
</context>
<context>
    <name>CollectionNoticeDialog</name>
    <message>
        <source>征集公告</source>
        <translation>Collection notice</translation>
    </message>
    <message>
        <source>征集公告编辑：{project}</source>
        <translation>Collection notice: {project}</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>{project}征集公告</source>
        <translation>{project} collection notice</translation>
    </message>
    <message>
        <source>带入后可以修改</source>
        <translation>Carried from the plan; may be changed</translation>
    </message>
    <message>
        <source>分包编号</source>
        <translation>Lot no.</translation>
    </message>
    <message>
        <source>分包名称</source>
        <translation>Lot name</translation>
    </message>
    <message>
        <source>最高限制单价（元）</source>
        <translation>Max. unit price (yuan)</translation>
    </message>
    <message>
        <source>增加分包</source>
        <translation>Add lot</translation>
    </message>
    <message>
        <source>删除分包</source>
        <translation>Remove lot</translation>
    </message>
    <message>
        <source>互认互通项目：分包信息由公共资源交易系统在项目受理完成后推送，直接进行展示，不可更改。</source>
        <translation>Interop project: the lots are pushed by the public resource trading system once it accepts the project; they are shown as pushed and cannot be changed.</translation>
    </message>
    <message>
        <source>公告标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>征集人名称：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>联系方式：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>联系地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>分包信息：</source>
        <translation>Lots:</translation>
    </message>
    <message>
        <source>公告内容：</source>
        <translation>Content:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>保存并提交，经内部审核岗审核通过后发布在“采购公告”栏目</source>
        <translation>Save and submit; published in the &quot;Procurement&quot; column once the internal reviewer approves</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>一、项目基本情况
项目名称：{project}
计划编号：{number}
框架协议类型：{form}

二、采购需求（征集内容、数量、服务要求）

三、供应商资格条件

四、确定入围供应商的方法及评审标准

五、响应文件提交的截止时间及地点
</source>
        <translation>1. Project
Project: {project}
Plan number: {number}
Agreement type: {form}

2. Requirements (what is collected, quantities, service requirements)

3. Supplier qualifications

4. How shortlisted suppliers are chosen, and the evaluation criteria

5. Response deadline and place
</translation>
    </message>
    <message>
        <source>不能保存：{reason}</source>
        <translation>Cannot save: {reason}</translation>
    </message>
    <message>
        <source>不能提交，请先补充以下内容（可以先保存）：</source>
        <translation>Cannot submit yet; complete the following first (you may save now):</translation>
    </message>
    <message>
        <source>征集公告已保存并提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Collection notice saved and submitted; it goes to the internal reviewer once synced.</translation>
    </message>
    <message>
        <source>征集公告已保存，联网同步后生效。</source>
        <translation>Collection notice saved; takes effect once synced.</translation>
    </message>
</context>
<context>
    <name>ContractFilingDialog</name>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>{title}合同</source>
        <translation>{title} contract</translation>
    </message>
    <message>
        <source>单位：元</source>
        <translation>in yuan</translation>
    </message>
    <message>
        <source>计划编号：</source>
        <translation>Plan number:</translation>
    </message>
    <message>
        <source>框架协议：</source>
        <translation>Framework agreement:</translation>
    </message>
    <message>
        <source>确定成交供应商的方式：</source>
        <translation>Supplier determined by:</translation>
    </message>
    <message>
        <source>成交供应商：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>成交报价（元）：</source>
        <translation>Winning bid (yuan):</translation>
    </message>
    <message>
        <source>合同名称：</source>
        <translation>Contract title:</translation>
    </message>
    <message>
        <source>合同金额（元）：</source>
        <translation>Contract amount (CNY):</translation>
    </message>
    <message>
        <source>合同签订日期：</source>
        <translation>Date signed:</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>提交内部审核岗审核；审核通过后发布合同公告并生成采购计划备案</source>
        <translation>Send to the internal reviewer; approval publishes the contract announcement and creates the procurement plan record</translation>
    </message>
    <message>
        <source>请填写有效的合同金额</source>
        <translation>Enter a valid contract amount</translation>
    </message>
    <message>
        <source>合同备案已提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Contract filing submitted; once synced it goes to the internal reviewer.</translation>
    </message>
</context>
<context>
    <name>ContractListModel</name>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>标段</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>合同名称</source>
        <translation>Contract title</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>签章时间</source>
        <translation>Signed at</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Actions</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>签章</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>更换文件</source>
        <translation>Replace file</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>待同步：{actions}</source>
        <translation>Waiting to sync: {actions}</translation>
    </message>
    <message>
        <source>{state}（待同步）</source>
        <translation>{state} (waiting to sync)</translation>
    </message>
    <message>
        <source>{pending}。联网同步后生效；被服务器退回时，可在“被退回的操作”中查看原因。</source>
        <translation>{pending}. Takes effect after the next sync; if the server refuses it, the reason is shown under “Rejected actions”.</translation>
    </message>
    <message>
        <source>采购人签章：{t}</source>
        <translation>Purchaser signed: {t}</translation>
    </message>
    <message>
        <source>供应商签章：{t}</source>
        <translation>Supplier signed: {t}</translation>
    </message>
    <message>
        <source>合同文件：{name}</source>
        <translation>Contract file: {name}</translation>
    </message>
</context>
<context>
    <name>ContractListPage</name>
    <message>
        <source>合同在线签订</source>
        <translation>Online contract signing</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>添加合同签订信息：选择发布过结果公告的标段，上传合同 pdf 扫描件</source>
        <translation>Add a contract for signing: choose a lot with a published result announcement and upload the scanned contract PDF</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>添加日期</source>
        <translation>Date added</translation>
    </message>
    <message>
        <source>搜索项目名称、标段、合同名称或单位</source>
        <translation>Search project, lot, contract title or unit</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>未登录：登录后显示本单位的合同；已下载的合同仍可查看</source>
        <translation>Not logged in: your unit&apos;s contracts are shown after login; downloaded contracts can still be viewed</translation>
    </message>
    <message>
        <source>{unit}（{type}{post}）</source>
        <translation>{unit} ({type}, {post})</translation>
    </message>
    <message>
        <source>全部供应商</source>
        <translation>All suppliers</translation>
    </message>
    <message>
        <source>全部采购人</source>
        <translation>All purchasers</translation>
    </message>
    <message>
        <source>正在统计……</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <source>未连接服务器：合同在线签订需要登录后同步。可在【本地文件签章】中签署本机的 PDF 文件。</source>
        <translation>No server: online contract signing needs a login and a sync. Local PDF files can be signed under [Sign a local file].</translation>
    </message>
    <message>
        <source>没有符合条件的合同</source>
        <translation>No contract matches</translation>
    </message>
</context>
<context>
    <name>ContractViewDialog</name>
    <message>
        <source>查看合同：{title}</source>
        <translation>Contract: {title}</translation>
    </message>
    <message>
        <source>另存为</source>
        <translation>Save as</translation>
    </message>
    <message>
        <source>原样保存一份签章后的合同文件</source>
        <translation>Save an exact copy of the signed contract file</translation>
    </message>
    <message>
        <source>合同信息</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>项目名称：</source>
        <translation>Project:</translation>
    </message>
    <message>
        <source>标段：</source>
        <translation>Lot:</translation>
    </message>
    <message>
        <source>合同名称：</source>
        <translation>Contract title:</translation>
    </message>
    <message>
        <source>合同文件：</source>
        <translation>Contract file:</translation>
    </message>
    <message>
        <source>采购人：</source>
        <translation>Purchaser:</translation>
    </message>
    <message>
        <source>供应商：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>合同金额（元）：</source>
        <translation>Contract amount (CNY):</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>State:</translation>
    </message>
    <message>
        <source>采购人签章时间：</source>
        <translation>Purchaser signed at:</translation>
    </message>
    <message>
        <source>供应商签章时间：</source>
        <translation>Supplier signed at:</translation>
    </message>
    <message>
        <source>备案时间：</source>
        <translation>Filed at:</translation>
    </message>
    <message>
        <source>已备案：签章后的 pdf 为合同主文档，已锁定，不允许修改（不能更换或删除）。</source>
        <translation>Filed: the signed PDF is the contract&apos;s main document; it is locked and cannot be changed (no replacing or deleting).</translation>
    </message>
    <message>
        <source>显示的是本机刚签章、尚未同步的文件；联网同步后提交服务器。</source>
        <translation>This is the file just signed on this computer and not yet synced; it goes to the server with the next sync.</translation>
    </message>
    <message>
        <source>显示的是本机更换、尚未同步的合同文件；联网同步后提交服务器，之后再签章。</source>
        <translation>Showing the replacement file made on this computer, not yet synced; it goes to the server on the next sync. Sign after that.</translation>
    </message>
    <message>
        <source>合同尚未签章：可以更换合同文件，或删除本条合同签订信息；签章后不能再更换或删除。</source>
        <translation>Not signed yet: the contract file may be replaced, or this signing record deleted; once signed neither is possible.</translation>
    </message>
    <message>
        <source>更换文件</source>
        <translation>Replace file</translation>
    </message>
    <message>
        <source>上传另一份合同 pdf 扫描件，替换尚未签章的合同文件</source>
        <translation>Upload another scanned contract PDF in place of the unsigned one</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>删除本条尚未签章的合同签订信息</source>
        <translation>Delete this signing record (not signed yet)</translation>
    </message>
    <message>
        <source>签章验证</source>
        <translation>Signatures</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ContractsPage</name>
    <message>
        <source>本地文件签章</source>
        <translation>Sign a local file</translation>
    </message>
    <message>
        <source>已保存合同签订信息，联网同步后生效；请在列表中点击【签章】。</source>
        <translation>Contract saved; it takes effect after the next sync. Click [Sign] in the list to sign it.</translation>
    </message>
    <message>
        <source>正在下载合同文件……{kb} KB</source>
        <translation>Downloading the contract file… {kb} KB</translation>
    </message>
    <message>
        <source>合同文件尚未下载到本机，请联网同步后再打开。</source>
        <translation>The contract file has not been downloaded to this computer yet; sync while online, then open it again.</translation>
    </message>
    <message>
        <source>供应商</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>签章已保存，联网同步后提交服务器。</source>
        <translation>Signature saved; it goes to the server with the next sync.</translation>
    </message>
    <message>
        <source>合同备案</source>
        <translation>File contract</translation>
    </message>
    <message>
        <source>对《{title}》进行合同备案？</source>
        <translation>File the contract “{title}”?</translation>
    </message>
    <message>
        <source>备案后，采购人和供应商签章后的 pdf 自动作为合同主文档，不允许修改。</source>
        <translation>Once filed, the PDF signed by purchaser and supplier becomes the contract&apos;s main document and cannot be changed.</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>已提交合同备案，联网同步后生效。</source>
        <translation>Contract filing submitted; it takes effect after the next sync.</translation>
    </message>
    <message>
        <source>已更换合同文件，联网同步后生效；同步后再签章。</source>
        <translation>Contract file replaced; it takes effect once synced. Sign after the sync.</translation>
    </message>
    <message>
        <source>删除合同签订信息</source>
        <translation>Delete the contract signing record</translation>
    </message>
    <message>
        <source>删除《{title}》的合同签订信息？</source>
        <translation>Delete the signing record of “{title}”?</translation>
    </message>
    <message>
        <source>删除后不能恢复；该标段可以重新添加合同签订信息。</source>
        <translation>This cannot be undone; the lot can then get a new signing record.</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>已删除合同签订信息，联网同步后生效。</source>
        <translation>Signing record deleted; it takes effect once synced.</translation>
    </message>
    <message>
        <source>合同在线签订</source>
        <translation>Online contract signing</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
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
    <name>FrameworkActions</name>
    <message>
        <source>保存征集公告</source>
        <translation>save collection notice</translation>
    </message>
    <message>
        <source>保存入围结果公告</source>
        <translation>save shortlist result</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>修改入围供应商</source>
        <translation>change shortlisted supplier</translation>
    </message>
    <message>
        <source>新增委托代理商</source>
        <translation>add agent</translation>
    </message>
    <message>
        <source>修改委托代理商</source>
        <translation>change agent</translation>
    </message>
    <message>
        <source>删除委托代理商</source>
        <translation>remove agent</translation>
    </message>
    <message>
        <source>移出入围供应商</source>
        <translation>Remove shortlisted supplier</translation>
    </message>
    <message>
        <source>报价</source>
        <translation>Bid</translation>
    </message>
    <message>
        <source>申请加入</source>
        <translation>Apply to join</translation>
    </message>
    <message>
        <source>审核不通过</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>保存框架协议备案</source>
        <translation>save agreement filing</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>重新推送</source>
        <translation>Push again</translation>
    </message>
    <message>
        <source>待同步：{actions}</source>
        <translation>Waiting to sync: {actions}</translation>
    </message>
    <message>
        <source>{pending}。本机已记录，联网同步后提交服务器；被服务器退回时，可在“被退回的操作”中查看原因。</source>
        <translation>{pending}. Recorded on this computer and sent to the server when online; if the server refuses, the reason is under &quot;Refused actions&quot;.</translation>
    </message>
    <message>
        <source>系统自动带出，不允许修改</source>
        <translation>Carried by the system; cannot be changed</translation>
    </message>
    <message>
        <source>移出原因：{reason}</source>
        <translation>Reason for removal: {reason}</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
</context>
<context>
    <name>FrameworkPages</name>
    <message>
        <source>采购公告发布</source>
        <translation>Announcement publishing</translation>
    </message>
    <message>
        <source>入围供应商管理</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>信息发布</source>
        <translation>Announcements</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>找到对应的征集项目，点击【项目向导】进入公告编辑环节；公告经内部审核岗审核通过后发布。</source>
        <translation>Select the project and click [Project wizard] to edit its announcements; they are published once the internal reviewer approves.</translation>
    </message>
    <message>
        <source>找到对应的项目信息，点击【供应商管理】按钮维护入围供应商及其委托代理商。</source>
        <translation>Select the project and click [Manage suppliers] to maintain the shortlisted suppliers and their agents.</translation>
    </message>
    <message>
        <source>点击【新增】选择项目填报，保存后点击【备案】提交内部审核岗审核。</source>
        <translation>Click [New] to choose a project and fill in the filing; after saving, click [File] to send it to the internal reviewer.</translation>
    </message>
    <message>
        <source>审核岗：在【项目向导】中审核本单位提交的征集公告和入围结果公告。</source>
        <translation>Reviewer: review your unit&apos;s collection notices and shortlist results in the [Project wizard].</translation>
    </message>
    <message>
        <source>入围供应商由征集人经办岗维护，审核岗可以查看。</source>
        <translation>The collector&apos;s handler maintains the shortlisted suppliers; reviewers may view them.</translation>
    </message>
    <message>
        <source>审核岗：选择已提交备案的框架协议，点击【查看/审核】。</source>
        <translation>Reviewer: select a filed agreement and click [View/Review].</translation>
    </message>
    <message>
        <source>公告信息不符合要求，请点击【编辑】按提示修改后再提交：</source>
        <translation>The announcement is incomplete. Click [Edit], fix it as shown, then submit:</translation>
    </message>
    <message>
        <source>不能提交</source>
        <translation>Cannot submit</translation>
    </message>
    <message>
        <source>公告已提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Announcement submitted; it goes to the internal reviewer once synced.</translation>
    </message>
    <message>
        <source>已重新推送，联网同步后交易系统接口将立即重试。</source>
        <translation>Push requested again; the trading-system interface retries as soon as this is synced.</translation>
    </message>
    <message>
        <source>不能修改</source>
        <translation>Cannot change</translation>
    </message>
    <message>
        <source>框架协议备案不能修改：</source>
        <translation>The agreement filing cannot be changed:</translation>
    </message>
    <message>
        <source>请先点击【新增】填报框架协议备案</source>
        <translation>Click [New] to fill in the agreement filing first</translation>
    </message>
    <message>
        <source>不能备案</source>
        <translation>Cannot file</translation>
    </message>
    <message>
        <source>框架协议备案不能提交：</source>
        <translation>The agreement filing cannot be sent:</translation>
    </message>
    <message>
        <source>框架协议已备案，联网同步后流转至内部审核岗审核。</source>
        <translation>Agreement filed; it goes to the internal reviewer once synced.</translation>
    </message>
</context>
<context>
    <name>FrameworkRules</name>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>需使用征集人的采购人账号或其委托代理机构的账号办理</source>
        <translation>Use the collector&apos;s purchaser account or its entrusted agency&apos;s account</translation>
    </message>
    <message>
        <source>只能办理本单位（征集人或其委托的代理机构）的征集项目</source>
        <translation>Only the collector&apos;s (or its entrusted agency&apos;s) own projects</translation>
    </message>
    <message>
        <source>只有经办岗可以填报并提交，审核岗办理审核</source>
        <translation>Only a handler fills in and submits; reviewers review</translation>
    </message>
    <message>
        <source>尚未同步到服务器，暂不能审核</source>
        <translation>Not on the server yet; cannot be reviewed</translation>
    </message>
    <message>
        <source>已办理本环节，等待同步到服务器</source>
        <translation>Done here; waiting to sync to the server</translation>
    </message>
    <message>
        <source>征集公告已提交，等待同步到服务器</source>
        <translation>Collection notice submitted; waiting to sync</translation>
    </message>
    <message>
        <source>公告当前状态为“{state}”，不能修改</source>
        <translation>The announcement is &quot;{state}&quot; and cannot be changed</translation>
    </message>
    <message>
        <source>入围结果公告已提交，等待同步到服务器</source>
        <translation>Shortlist result submitted; waiting to sync</translation>
    </message>
    <message>
        <source>框架协议已提交备案，等待同步到服务器</source>
        <translation>Agreement filed; waiting to sync</translation>
    </message>
    <message>
        <source>框架协议备案当前状态为“{state}”，不能修改</source>
        <translation>The agreement filing is &quot;{state}&quot; and cannot be changed</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>选择征集人身份</source>
        <translation>Choose the collector identity</translation>
    </message>
    <message>
        <source>计划备案</source>
        <translation>Plan filing</translation>
    </message>
    <message>
        <source>集中采购目录以内品目，由集中采购机构负责征集程序和订立框架协议；经本级财政部门初核、复核后实施。</source>
        <translation>Items inside the centralized procurement catalogue: the central procurement agency runs the collection and concludes the framework agreement; implemented after the finance department&apos;s first and second review.</translation>
    </message>
    <message>
        <source>集中采购目录以外品目，由主管预算单位负责征集程序和订立框架协议，项目分类只能选择“服务”。</source>
        <translation>Items outside the centralized procurement catalogue: the supervising budget unit runs the collection and concludes the framework agreement; the project category can only be “services”.</translation>
    </message>
    <message>
        <source>其他预算单位确有需要，经其主管预算单位批准，可以采用框架协议采购方式采购。</source>
        <translation>Other budget units may use framework agreement procurement when needed, with the approval of their supervising budget unit.</translation>
    </message>
    <message>
        <source>是否进行框架协议采购计划备案？选择【确定】进入框架协议业务填报页面。</source>
        <translation>File a framework agreement procurement plan? Choose [OK] to open the filing form.</translation>
    </message>
    <message>
        <source>请选择本次框架协议采购的征集人身份：</source>
        <translation>Choose the collector identity for this framework agreement procurement:</translation>
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
    <name>ItemPickerDialog</name>
    <message>
        <source>选择品目</source>
        <translation>Choose items</translation>
    </message>
    <message>
        <source>勾选采购内容中的品目。品目需与项目分类保持一致；集采品目由集中采购机构负责征集，主管预算单位只能选择目录以外品目。</source>
        <translation>Tick the items of the procurement content. Items must match the project category; catalogue items are collected by the central procurement agency, a supervising budget unit may only choose items outside the catalogue.</translation>
    </message>
    <message>
        <source>搜索品目编码或名称</source>
        <translation>Search item code or name</translation>
    </message>
    <message>
        <source>集采品目</source>
        <translation>catalogue item</translation>
    </message>
    <message>
        <source>目录以外</source>
        <translation>outside the catalogue</translation>
    </message>
    <message>
        <source>该品目不属于所选项目分类“{category}”</source>
        <translation>This item does not belong to the chosen category “{category}”</translation>
    </message>
    <message>
        <source>本机尚无品目目录，请联网同步后再选择</source>
        <translation>No item catalogue on this computer yet; sync online first</translation>
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
    <name>JoinReviewTab</name>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>审核不通过</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>供应商名称</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>收到时间</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>审核截止</source>
        <translation>Review due</translation>
    </message>
    <message>
        <source>公告截止</source>
        <translation>Announcement due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>加入申请审核</source>
        <translation>Join applications</translation>
    </message>
    <message>
        <source>监管部门：查看征集人是否在期限内审核加入申请、发布入围公告。</source>
        <translation>Regulator: check that collectors review join applications and publish the announcements in time.</translation>
    </message>
    <message>
        <source>供应商申请加入开放式框架协议后，征集人审核岗应在收到之日起7个工作日内审核，审核通过后2个工作日内发布入围公告（系统自动发布）。</source>
        <translation>When a supplier applies to join an open framework agreement, the collector&apos;s reviewer reviews within 7 working days of receipt; after approval the shortlist announcement is due within 2 working days (published automatically).</translation>
    </message>
    <message>
        <source>加入申请由征集人审核岗审核，经办岗可以查看。</source>
        <translation>Join applications are reviewed by the collector&apos;s reviewer post; handlers may view them.</translation>
    </message>
    <message>
        <source>共 {n} 条申请</source>
        <translation>{n} application(s)</translation>
    </message>
    <message>
        <source>没有加入申请。供应商申请加入本单位的开放式框架协议后，联网同步即可在这里看到。</source>
        <translation>No join applications. When a supplier applies to join one of your open agreements, it appears here after syncing.</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>不能审核：{reason}</source>
        <translation>Cannot review: {reason}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt;（{code}）申请加入“{project}”</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; ({code}) applies to join &quot;{project}&quot;</translation>
    </message>
    <message>
        <source>地址：{address}；联系人：{contact}；联系电话：{phone}</source>
        <translation>Address: {address}; contact: {contact}; phone: {phone}</translation>
    </message>
    <message>
        <source>未通过原因：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <source>入围公告：{at} 已发布</source>
        <translation>Shortlist announcement published {at}</translation>
    </message>
</context>
<context>
    <name>JoiningPages</name>
    <message>
        <source>二次竞价</source>
        <translation>Second-round bidding</translation>
    </message>
    <message>
        <source>加入框架协议</source>
        <translation>Join an agreement</translation>
    </message>
    <message>
        <source>加入申请审核</source>
        <translation>Join applications</translation>
    </message>
    <message>
        <source>不能报价</source>
        <translation>Cannot bid</translation>
    </message>
    <message>
        <source>报价已提交，联网同步后送达服务器；截止时间以服务器收到报价的时间为准。</source>
        <translation>Bid submitted; it reaches the server once synced. The deadline is judged by the time the server receives it.</translation>
    </message>
    <message>
        <source>不能申请加入</source>
        <translation>Cannot apply to join</translation>
    </message>
    <message>
        <source>加入申请已提交，联网同步后送达征集人审核。</source>
        <translation>Join application submitted; once synced it goes to the collector for review.</translation>
    </message>
    <message>
        <source>不能审核</source>
        <translation>Cannot review</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>确认“{name}”的加入申请审核通过？</source>
        <translation>Approve the application of “{name}” to join?</translation>
    </message>
    <message>
        <source>通过后该供应商即成为本框架协议的入围供应商，系统自动发布入围公告；审核结果不能撤回。</source>
        <translation>Once approved the supplier is on the agreement and its admission is announced automatically; the decision cannot be taken back.</translation>
    </message>
    <message>
        <source>加入申请已审核通过，联网同步后该供应商成为入围供应商，系统发布入围公告。</source>
        <translation>Join application approved; once synced the supplier is shortlisted and the announcement is published.</translation>
    </message>
    <message>
        <source>“{name}”的加入申请审核不通过，请填写原因（供应商可以看到）：</source>
        <translation>Refuse the join application of &quot;{name}&quot;. Give the reason (the supplier will see it):</translation>
    </message>
    <message>
        <source>审核不通过</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <source>加入申请审核不通过，联网同步后供应商可以看到原因。</source>
        <translation>Join application refused; once synced the supplier can read the reason.</translation>
    </message>
</context>
<context>
    <name>JoiningRules</name>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>竞价信息尚未同步完整，请同步后再报价</source>
        <translation>The bidding details are not fully synced; sync before bidding</translation>
    </message>
    <message>
        <source>已截止，等待采购人确定成交供应商</source>
        <translation>Closed; waiting for the purchaser to award</translation>
    </message>
    <message>
        <source>竞价中</source>
        <translation>Bidding</translation>
    </message>
    <message>
        <source>竞价失败</source>
        <translation>Bidding failed</translation>
    </message>
    <message>
        <source>已成交（成交价 {price} 元）</source>
        <translation>Won (award price {price} yuan)</translation>
    </message>
    <message>
        <source>未成交</source>
        <translation>Not awarded</translation>
    </message>
    <message>
        <source>尚未同步到服务器，暂不能审核</source>
        <translation>Not on the server yet; cannot be reviewed</translation>
    </message>
    <message>
        <source>已办理本环节，等待同步到服务器</source>
        <translation>You have acted on this step; waiting to sync to the server</translation>
    </message>
</context>
<context>
    <name>JoiningTab</name>
    <message>
        <source>申请加入</source>
        <translation>Apply to join</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>征集人</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>入围供应商</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>我的申请</source>
        <translation>My application</translation>
    </message>
    <message>
        <source>开放式框架协议</source>
        <translation>Open framework agreements</translation>
    </message>
    <message>
        <source>我的加入申请</source>
        <translation>My join applications</translation>
    </message>
    <message>
        <source>申请时间</source>
        <translation>Applied</translation>
    </message>
    <message>
        <source>审核截止</source>
        <translation>Review due</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>说明</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>加入框架协议</source>
        <translation>Join an agreement</translation>
    </message>
    <message>
        <source>开放式框架协议有效期内，供应商可以随时申请加入；征集人审核通过后即成为入围供应商。</source>
        <translation>Suppliers may apply to join an open framework agreement at any time during its validity; once the collector approves, they are shortlisted.</translation>
    </message>
    <message>
        <source>审核岗可以查看；加入申请由经办岗提交。</source>
        <translation>Reviewers may view; applications are submitted by the handler post.</translation>
    </message>
    <message>
        <source>{n} 家</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>没有可申请加入的开放式框架协议。</source>
        <translation>No open framework agreement to join.</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>未申请</source>
        <translation>Not applied</translation>
    </message>
    <message>
        <source>（待同步）</source>
        <translation> (pending sync)</translation>
    </message>
    <message>
        <source>本机已记录，联网同步后提交征集人审核</source>
        <translation>Recorded on this computer; sent to the collector for review once synced</translation>
    </message>
    <message>
        <source>未通过原因：{reason}</source>
        <translation>Refused: {reason}</translation>
    </message>
    <message>
        <source>{at} 审核通过，已成为入围供应商</source>
        <translation>Approved {at}; now a shortlisted supplier</translation>
    </message>
    <message>
        <source>等待征集人审核（{due}前）</source>
        <translation>Waiting for the collector&apos;s review (due {due})</translation>
    </message>
    <message>
        <source>不能申请加入：{reason}</source>
        <translation>Cannot apply to join: {reason}</translation>
    </message>
</context>
<context>
    <name>KeyChooser</name>
    <message>
        <source>签章 key：</source>
        <translation>Signing key:</translation>
    </message>
    <message>
        <source>正在检测 key……</source>
        <translation>Looking for keys…</translation>
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
        <source>未连接 key 服务，只能查看和验证合同。</source>
        <translation>No key service connected: contracts can only be viewed and verified.</translation>
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
</context>
<context>
    <name>KeyPanel</name>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>证书持有者</source>
        <translation>Holder</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Certificate serial</translation>
    </message>
    <message>
        <source>有效期</source>
        <translation>Validity</translation>
    </message>
    <message>
        <source>所在 key</source>
        <translation>On key</translation>
    </message>
    <message>
        <source>尚未读取证书信息：请插入 key 后点击读取。</source>
        <translation>No certificate read yet: insert the key and click read.</translation>
    </message>
    <message>
        <source>key 可能不是单位 key</source>
        <translation>The key is probably not a unit key</translation>
    </message>
    <message>
        <source>当前选择的是个人 key（{name}），不能作为单位 key 绑定。</source>
        <translation>The chosen key is a personal key ({name}); it cannot be bound as a unit key.</translation>
    </message>
    <message>
        <source>请插入单位 key（机构锁）；个人 key 请使用单位账号登录后，在【操作人员管理】中绑定。</source>
        <translation>Insert the unit key; personal keys are bound in [Operators] after logging in with the unit account.</translation>
    </message>
    <message>
        <source>单位 key</source>
        <translation>unit key</translation>
    </message>
    <message>
        <source>个人 key</source>
        <translation>personal key</translation>
    </message>
    <message>
        <source>未知类型</source>
        <translation>unknown kind</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>（未读到）</source>
        <translation>(not found)</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>（已过期）</source>
        <translation> (expired)</translation>
    </message>
    <message>
        <source>（尚未生效）</source>
        <translation> (not valid yet)</translation>
    </message>
    <message>
        <source>（还有 {days} 天到期）</source>
        <translation> ({days} days left)</translation>
    </message>
    <message>
        <source>证书检查通过。</source>
        <translation>The certificate passed the checks.</translation>
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
    <name>LocalFiles</name>
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
        <source>保存已签章的合同</source>
        <translation>Save the signed contract</translation>
    </message>
    <message>
        <source>已另存为“{path}”。</source>
        <translation>Saved a copy as “{path}”.</translation>
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
        <source>演示账号</source>
        <translation>Demo account</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>CA 自助绑定</source>
        <translation>CA self-service binding</translation>
    </message>
    <message>
        <source>新制 CA 证书或 key 续期后，先将单位 key 绑定到账号，再用 key 登录</source>
        <translation>After a new CA certificate or a key renewal, bind the unit key to the account first, then log in with the key</translation>
    </message>
    <message>
        <source>选择演示账号……</source>
        <translation>Choose a demo account…</translation>
    </message>
    <message>
        <source>{unit} · {type}{post} · {username}</source>
        <translation>{unit} · {type} {post} · {username}</translation>
    </message>
    <message>
        <source>key 已绑定，请输入该 key 的 PIN 码登录。</source>
        <translation>The key is bound: enter its PIN to log in.</translation>
    </message>
</context>
<context>
    <name>LotPickerDialog</name>
    <message>
        <source>选择标段</source>
        <translation>Choose a lot</translation>
    </message>
    <message>
        <source>只列出已发布结果公告、尚未添加合同签订信息的标段。</source>
        <translation>Only lots with a published result announcement and no contract yet are listed.</translation>
    </message>
    <message>
        <source>搜索项目编号、项目名称、标段或供应商</source>
        <translation>Search project code, project, lot or supplier</translation>
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
    <name>LotTableModel</name>
    <message>
        <source>项目编号</source>
        <translation>Project code</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>标段</source>
        <translation>Lot</translation>
    </message>
    <message>
        <source>成交供应商</source>
        <translation>Winning supplier</translation>
    </message>
    <message>
        <source>成交金额（元）</source>
        <translation>Award amount (CNY)</translation>
    </message>
    <message>
        <source>结果公告时间</source>
        <translation>Result announced</translation>
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
        <source>账号状态为“绑定key未启用”：请先在【单位信息】中维护单位信息并提交</source>
        <translation>Account status “key bound, not enabled”: maintain and submit your unit information under [Unit information] first</translation>
    </message>
    <message>
        <source>单位信息已提交，账号已具有正式功能权限</source>
        <translation>Unit information submitted: the account now has full rights</translation>
    </message>
    <message>
        <source>单位信息已保存，正在提交到服务器</source>
        <translation>Unit information saved, submitting it to the server</translation>
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
        <source>单位信息</source>
        <translation>Unit information</translation>
    </message>
    <message>
        <source>河南省政府采购</source>
        <translation>Henan government procurement</translation>
    </message>
</context>
<context>
    <name>NewProcurementDialog</name>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>新增二阶段采购（框架协议）</source>
        <translation>New second-stage procurement (framework agreement)</translation>
    </message>
    <message>
        <source>例如：2027年度法律顾问服务</source>
        <translation>e.g. Legal counsel services 2027</translation>
    </message>
    <message>
        <source>选择框架协议：</source>
        <translation>Framework agreement:</translation>
    </message>
    <message>
        <source>征集人：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>框架协议类型：</source>
        <translation>Agreement type:</translation>
    </message>
    <message>
        <source>适用范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <source>框架协议有效期：</source>
        <translation>Agreement validity:</translation>
    </message>
    <message>
        <source>协议价格（最高入围价格）：</source>
        <translation>Agreement price (maximum shortlisted price):</translation>
    </message>
    <message>
        <source>入围供应商：</source>
        <translation>Shortlisted suppliers:</translation>
    </message>
    <message>
        <source>采购项目名称：</source>
        <translation>Procurement title:</translation>
    </message>
    <message>
        <source>确定成交供应商的方式为征集阶段确定的方式（直接选定、二次竞价或顺序轮候），开放式框架协议直接选定。</source>
        <translation>The supplier is determined by the method fixed at collection (direct selection, second-round bidding or rotation); open agreements select directly.</translation>
    </message>
    <message>
        <source>以下框架协议不适用于本单位：</source>
        <translation>These framework agreements do not apply to your unit:</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>{name}及其所属预算单位</source>
        <translation>{name} and its subordinate budget units</translation>
    </message>
    <message>
        <source>{start} 至 {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message>
        <source>{price} 元</source>
        <translation>{price} yuan</translation>
    </message>
    <message>
        <source>没有本单位可以使用的已备案框架协议</source>
        <translation>No filed framework agreement your unit may use</translation>
    </message>
    <message>
        <source>请填写采购项目名称</source>
        <translation>Enter the procurement title</translation>
    </message>
    <message>
        <source>二阶段采购已新增，联网同步后确定成交供应商。</source>
        <translation>Second-stage procurement added; determine the supplier once it is synced.</translation>
    </message>
</context>
<context>
    <name>OperatorDialog</name>
    <message>
        <source>添加操作人员</source>
        <translation>Add operator</translation>
    </message>
    <message>
        <source>修改操作人员</source>
        <translation>Edit operator</translation>
    </message>
    <message>
        <source>18 位居民身份证号码</source>
        <translation>18-character resident ID number</translation>
    </message>
    <message>
        <source>个人 key 只能绑定到身份证号与 key 中身份证号一致的人员。</source>
        <translation>A personal key binds only to a person whose ID number equals the one in the key.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>联系电话不能为空</source>
        <translation>The phone number is required</translation>
    </message>
    <message>
        <source>没有需要保存的修改</source>
        <translation>Nothing has changed</translation>
    </message>
</context>
<context>
    <name>OperatorsPanel</name>
    <message>
        <source>个人 key 使用单位账号登录后绑定：首先维护人员身份证号信息，然后在操作人员列表中点击相应人员的【管理 key】，插入该人员的个人 key，输入密码验证后即可绑定；绑定后可以续期和解绑。</source>
        <translation>Personal keys are bound with the unit account logged in: first record the person&apos;s ID number, then click [Manage keys] for that person, insert their personal key and enter its PIN; a bound key can be renewed and unbound.</translation>
    </message>
    <message>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>登录账号</source>
        <translation>Login account</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>管理 key</source>
        <translation>Manage keys</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>请先用单位账号（经办岗）登录，登录后在这里维护操作人员并管理个人 key。</source>
        <translation>Log in with the unit&apos;s handler account first; then maintain the operators and their personal keys here.</translation>
    </message>
    <message>
        <source>仅单位经办岗可以维护操作人员和管理个人 key；当前账号为{post}。</source>
        <translation>Only the unit&apos;s handler can maintain operators and personal keys; this account is {post}.</translation>
    </message>
    <message>
        <source>账号状态为【绑定 key 未启用】，仅具有临时权限：请先维护单位信息并提交，提交后才能管理操作人员。</source>
        <translation>The account is [key bound, not enabled] with temporary rights: complete and submit the unit information before managing operators.</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>（无登录账号）</source>
        <translation>(no login account)</translation>
    </message>
    <message>
        <source>（未维护）</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>删除操作人员</source>
        <translation>Remove operator</translation>
    </message>
    <message>
        <source>确定删除操作人员“{name}”吗？</source>
        <translation>Remove the operator &quot;{name}&quot;?</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>已保存，正在同步到服务器；服务器退回的操作会在“被退回的操作”中说明原因。</source>
        <translation>Saved; syncing with the server. Anything the server refuses is explained under &quot;Rejected operations&quot;.</translation>
    </message>
</context>
<context>
    <name>PaymentDialog</name>
    <message>
        <source>资金支付</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>成交供应商：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>合同金额（元）：</source>
        <translation>Contract amount (CNY):</translation>
    </message>
    <message>
        <source>已申请支付（元）：</source>
        <translation>Requested so far (yuan):</translation>
    </message>
    <message>
        <source>未支付金额（元）：</source>
        <translation>Unpaid (yuan):</translation>
    </message>
    <message>
        <source>支付记录：</source>
        <translation>Payments:</translation>
    </message>
    <message>
        <source>单位：元</source>
        <translation>in yuan</translation>
    </message>
    <message>
        <source>本次支付金额（元）：</source>
        <translation>Amount to pay (yuan):</translation>
    </message>
    <message>
        <source>提交申请</source>
        <translation>Submit application</translation>
    </message>
    <message>
        <source>支付金额“{text}”不是有效的金额</source>
        <translation>Payment amount &quot;{text}&quot; is not a valid amount</translation>
    </message>
    <message>
        <source>请填写本次支付金额</source>
        <translation>Enter the amount to pay</translation>
    </message>
    <message>
        <source>资金支付申请已提交，联网同步后生效。</source>
        <translation>Payment request submitted; takes effect once synced.</translation>
    </message>
</context>
<context>
    <name>PdfFileField</name>
    <message>
        <source>未上传</source>
        <translation>Not uploaded</translation>
    </message>
    <message>
        <source>上传</source>
        <translation>Upload</translation>
    </message>
    <message>
        <source>上传合同 pdf 扫描件（不能加密，最大 {size}）</source>
        <translation>Upload the scanned contract PDF (not encrypted, at most {size})</translation>
    </message>
    <message>
        <source>上传合同 pdf 扫描件</source>
        <translation>Upload the scanned contract PDF</translation>
    </message>
    <message>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>正在检查“{name}”……</source>
        <translation>Checking “{name}”…</translation>
    </message>
    <message>
        <source>✔ {name}（{pages} 页，{size}）</source>
        <translation>✔ {name} ({pages} pages, {size})</translation>
    </message>
</context>
<context>
    <name>PdfPane</name>
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
        <source>第 {n} / {count} 页</source>
        <translation>Page {n} / {count}</translation>
    </message>
</context>
<context>
    <name>PersonalKeysDialog</name>
    <message>
        <source>管理 key — {name}</source>
        <translation>Manage keys — {name}</translation>
    </message>
    <message>
        <source>操作人员：{name}&#x3000;&#x3000;身份证号：{id_number}&#x3000;&#x3000;登录账号：{username}</source>
        <translation>Operator: {name}    ID number: {id_number}    Login account: {username}</translation>
    </message>
    <message>
        <source>（未维护）</source>
        <translation>(not recorded)</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>证书</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>证书编号</source>
        <translation>Serial</translation>
    </message>
    <message>
        <source>绑定时间</source>
        <translation>Bound at</translation>
    </message>
    <message>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>提示</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>该人员尚未绑定个人 key。插入其个人 key，读取后点击【添加】。</source>
        <translation>No personal key is bound to this person. Insert their personal key, read it, then click [Add].</translation>
    </message>
    <message>
        <source>当前插入的 key</source>
        <translation>Inserted key</translation>
    </message>
    <message>
        <source>读取 key</source>
        <translation>Read key</translation>
    </message>
    <message>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>续期</source>
        <translation>Renew</translation>
    </message>
    <message>
        <source>解绑</source>
        <translation>Unbind</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>正在读取已绑定的 key……</source>
        <translation>Reading the bound keys…</translation>
    </message>
    <message>
        <source>有效</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已续期</source>
        <translation>Renewed</translation>
    </message>
    <message>
        <source>已解绑</source>
        <translation>Unbound</translation>
    </message>
    <message>
        <source>正在读取 key……</source>
        <translation>Reading the key…</translation>
    </message>
    <message>
        <source>绑定个人 key</source>
        <translation>binding the personal key</translation>
    </message>
    <message>
        <source>正在验证 key 口令……</source>
        <translation>Checking the key&apos;s PIN…</translation>
    </message>
    <message>
        <source>正在提交……</source>
        <translation>Submitting…</translation>
    </message>
    <message>
        <source>添加成功：{name} 的个人 key 已绑定，可用该 key 登录账号“{username}”。</source>
        <translation>Added: {name}&apos;s personal key is bound and logs in to the account &quot;{username}&quot;.</translation>
    </message>
    <message>
        <source>续期成功：原证书已停用，新证书可以登录。</source>
        <translation>Renewed: the old certificate no longer logs in, the new one does.</translation>
    </message>
    <message>
        <source>解绑个人 key</source>
        <translation>Unbind personal key</translation>
    </message>
    <message>
        <source>确定解绑 {name} 的个人 key（证书编号 {serial}）吗？</source>
        <translation>Unbind {name}&apos;s personal key (serial {serial})?</translation>
    </message>
    <message>
        <source>解绑后该 key 不能再登录账号“{username}”；需要时可以重新添加。</source>
        <translation>After unbinding, the key no longer logs in to &quot;{username}&quot;; it can be added again later.</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>正在解绑……</source>
        <translation>Unbinding…</translation>
    </message>
    <message>
        <source>已解绑：该 key 不能再登录。</source>
        <translation>Unbound: the key no longer logs in.</translation>
    </message>
</context>
<context>
    <name>PickSuppliersDialog</name>
    <message>
        <source>选择入围供应商</source>
        <translation>Choose shortlisted suppliers</translation>
    </message>
    <message>
        <source>交易中心推送的入围供应商：</source>
        <translation>Shortlisted suppliers pushed by the trading centre:</translation>
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
    <name>PlanDialog</name>
    <message>
        <source>框架协议计划备案</source>
        <translation>Framework agreement plan filing</translation>
    </message>
    <message>
        <source>计划备案信息填报</source>
        <translation>Fill in the plan filing</translation>
    </message>
    <message>
        <source>修改计划备案</source>
        <translation>Edit the plan filing</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>保存为草稿，可以稍后修改再提交</source>
        <translation>Save as a draft to edit and submit later</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>保存并提交，流转至单位内部审核岗审核</source>
        <translation>Save and submit to the unit&apos;s internal reviewer</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>还有 {n} 项不符合要求，修改后才能提交（可以先保存）。</source>
        <translation>{n} item(s) do not meet the rules yet; fix them before submitting (you can save now).</translation>
    </message>
    <message>
        <source>填报信息符合要求，可以提交。</source>
        <translation>The form meets the rules and can be submitted.</translation>
    </message>
    <message>
        <source> 另有 {n} 项财政部令第110号的提示，不影响提交。</source>
        <translation> {n} note(s) from MOF Order No. 110 as well; they do not block submitting.</translation>
    </message>
    <message>
        <source>不能提交：请先修改标红的 {n} 项内容。</source>
        <translation>Cannot submit: fix the {n} item(s) marked in red first.</translation>
    </message>
    <message>
        <source>不能保存：{reason}</source>
        <translation>Cannot save: {reason}</translation>
    </message>
</context>
<context>
    <name>PlanFormWidget</name>
    <message>
        <source>征集人信息</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>征集人身份：</source>
        <translation>Collector identity:</translation>
    </message>
    <message>
        <source>征集人：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>（未登记）</source>
        <translation>(not registered)</translation>
    </message>
    <message>
        <source>主管预算单位：</source>
        <translation>Supervising budget unit:</translation>
    </message>
    <message>
        <source>所属区域：</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>项目信息</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>例如：郑州市教育局法律顾问服务框架协议</source>
        <translation>e.g. Legal advisory services framework agreement</translation>
    </message>
    <message>
        <source>项目名称：</source>
        <translation>Project name:</translation>
    </message>
    <message>
        <source>预算年度：</source>
        <translation>Budget year:</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <source>框架协议项目分类：</source>
        <translation>Project category:</translation>
    </message>
    <message>
        <source>选择品目</source>
        <translation>Choose items</translation>
    </message>
    <message>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>采购内容：</source>
        <translation>Procurement content:</translation>
    </message>
    <message>
        <source>需达到本地区分散采购限额</source>
        <translation>At least the region&apos;s decentralized procurement threshold</translation>
    </message>
    <message>
        <source>年度采购预算金额（元）：</source>
        <translation>Annual procurement budget (yuan):</translation>
    </message>
    <message>
        <source>框架协议</source>
        <translation>Framework agreement</translation>
    </message>
    <message>
        <source>框架协议类型：</source>
        <translation>Agreement form:</translation>
    </message>
    <message>
        <source>开放式适用情形：</source>
        <translation>Ground for the open form:</translation>
    </message>
    <message>
        <source>封闭式框架协议在征集阶段确定二阶段确定成交供应商的方式：直接选定、二次竞价或顺序轮候；开放式框架协议由采购人直接选定</source>
        <translation>A closed agreement fixes its second-stage award method at collection: direct selection, secondary bidding or rotation; under an open agreement the purchaser selects directly</translation>
    </message>
    <message>
        <source>二阶段确定成交供应商的方式：</source>
        <translation>Second-stage award method:</translation>
    </message>
    <message>
        <source>未确定</source>
        <translation>Not decided</translation>
    </message>
    <message>
        <source>评审方法：</source>
        <translation>Evaluation method:</translation>
    </message>
    <message>
        <source>淘汰率（%）：</source>
        <translation>Elimination rate (%):</translation>
    </message>
    <message>
        <source>设定</source>
        <translation>Set</translation>
    </message>
    <message>
        <source>框架协议有效期：</source>
        <translation>Validity period:</translation>
    </message>
    <message>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <source>代理机构与适用范围</source>
        <translation>Agency and scope</translation>
    </message>
    <message>
        <source>代理机构类型：</source>
        <translation>Agency type:</translation>
    </message>
    <message>
        <source>委托集采机构：</source>
        <translation>Entrusted central procurement agency:</translation>
    </message>
    <message>
        <source>委托代理机构：</source>
        <translation>Entrusted agency:</translation>
    </message>
    <message>
        <source>适用采购人或服务对象范围：</source>
        <translation>Purchasers or service recipients covered:</translation>
    </message>
    <message>
        <source>置为空值</source>
        <translation>Leave empty</translation>
    </message>
    <message>
        <source>目前只有省本级完成政府采购系统与河南省公共资源交易系统的业务对接，地市采购单位交易平台选择“置为空值”。</source>
        <translation>Only province-level projects are connected to the Henan public resource trading system so far; city and county purchasers choose “Leave empty” for the trading platform.</translation>
    </message>
    <message>
        <source>交易平台：</source>
        <translation>Trading platform:</translation>
    </message>
    <message>
        <source>集采品目</source>
        <translation>catalogue item</translation>
    </message>
    <message>
        <source>目录以外</source>
        <translation>outside the catalogue</translation>
    </message>
    <message>
        <source>{code}  {name}（不在本机品目目录中）</source>
        <translation>{code}  {name} (not in the local item catalogue)</translation>
    </message>
</context>
<context>
    <name>PlanListModel</name>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project name</translation>
    </message>
    <message>
        <source>征集人</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>品目/类别</source>
        <translation>Items / category</translation>
    </message>
    <message>
        <source>年度预算（元）</source>
        <translation>Annual budget (yuan)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>当前环节</source>
        <translation>Current step</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>待同步：{actions}</source>
        <translation>Waiting to sync: {actions}</translation>
    </message>
    <message>
        <source>已生成计划编号</source>
        <translation>Plan number issued</translation>
    </message>
    <message>
        <source>退回经办岗修改</source>
        <translation>Returned to the handler</translation>
    </message>
    <message>
        <source>经办岗填报</source>
        <translation>Handler filling in</translation>
    </message>
    <message>
        <source>（未同步）</source>
        <translation>(not synced)</translation>
    </message>
    <message>
        <source>未选分类</source>
        <translation>No category</translation>
    </message>
    <message>
        <source>{state}（待同步）</source>
        <translation>{state} (waiting to sync)</translation>
    </message>
    <message>
        <source>（未填写项目名称）</source>
        <translation>(no project name)</translation>
    </message>
    <message>
        <source>{pending}。联网同步后生效；被服务器退回时，可在“被退回的操作”中查看原因。</source>
        <translation>{pending}. Takes effect after syncing online; if the server refuses it, see the reason under “Rejected operations”.</translation>
    </message>
</context>
<context>
    <name>PlanListPage</name>
    <message>
        <source>计划备案</source>
        <translation>Plan filing</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All states</translation>
    </message>
    <message>
        <source>搜索计划编号、项目名称、征集人或品目</source>
        <translation>Search plan number, project, collector or item</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>状态：</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>待我审核</source>
        <translation>Waiting for my review</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <source>共 {n} 条</source>
        <translation>{n} in total</translation>
    </message>
    <message>
        <source>没有符合条件的计划备案</source>
        <translation>No plan filings match</translation>
    </message>
    <message>
        <source>请先登录，登录并同步后在这里办理计划备案</source>
        <translation>Please log in; after logging in and syncing, plan filings are handled here</translation>
    </message>
</context>
<context>
    <name>PlanReviewDialog</name>
    <message>
        <source>计划备案审核</source>
        <translation>Plan filing review</translation>
    </message>
    <message>
        <source>计划备案尚未同步到服务器，暂不能审核</source>
        <translation>The plan filing has not reached the server yet and cannot be reviewed</translation>
    </message>
    <message>
        <source>（未填写项目名称）</source>
        <translation>(no project name)</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>审核记录</source>
        <translation>Review history</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>办理人</source>
        <translation>By</translation>
    </message>
    <message>
        <source>退回原因</source>
        <translation>Reason for return</translation>
    </message>
    <message>
        <source>审核意见（退回时必须填写退回原因）</source>
        <translation>Review comment (a reason is required to return)</translation>
    </message>
    <message>
        <source>不能办理：{reason}</source>
        <translation>Not allowed: {reason}</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>本机保存的计划备案，尚未同步到服务器。</source>
        <translation>Plan filing saved on this computer, not yet synced to the server.</translation>
    </message>
    <message>
        <source>未生成</source>
        <translation>not issued</translation>
    </message>
    <message>
        <source>经办岗提交</source>
        <translation>Handler submits</translation>
    </message>
    <message>
        <source>生成计划编号</source>
        <translation>Plan number issued</translation>
    </message>
    <message>
        <source>计划编号：{number}</source>
        <translation>Plan number: {number}</translation>
    </message>
    <message>
        <source>状态：{state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <source>审核流程：</source>
        <translation>Review chain: </translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>待同步：{actions}。本机已记录，联网同步后提交服务器；被服务器退回时，可在“被退回的操作”中查看原因。</source>
        <translation>Waiting to sync: {actions}. Recorded on this computer and sent to the server when online; if the server refuses it, see the reason under “Rejected operations”.</translation>
    </message>
    <message>
        <source>未设定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>征集人身份：</source>
        <translation>Collector identity:</translation>
    </message>
    <message>
        <source>征集人：</source>
        <translation>Collector:</translation>
    </message>
    <message>
        <source>预算年度：</source>
        <translation>Budget year:</translation>
    </message>
    <message>
        <source>框架协议项目分类：</source>
        <translation>Project category:</translation>
    </message>
    <message>
        <source>未选择</source>
        <translation>Not chosen</translation>
    </message>
    <message>
        <source>采购内容：</source>
        <translation>Procurement content:</translation>
    </message>
    <message>
        <source>年度采购预算金额（元）：</source>
        <translation>Annual procurement budget (yuan):</translation>
    </message>
    <message>
        <source>框架协议类型：</source>
        <translation>Agreement form:</translation>
    </message>
    <message>
        <source>二阶段确定成交供应商的方式：</source>
        <translation>Second-stage award method:</translation>
    </message>
    <message>
        <source>代理机构：</source>
        <translation>Agency:</translation>
    </message>
    <message>
        <source>交易平台：</source>
        <translation>Trading platform:</translation>
    </message>
    <message>
        <source>置为空值</source>
        <translation>Leave empty</translation>
    </message>
    <message>
        <source>框架协议有效期：</source>
        <translation>Validity period:</translation>
    </message>
    <message>
        <source>淘汰率（%）：</source>
        <translation>Elimination rate (%):</translation>
    </message>
    <message>
        <source>未填写</source>
        <translation>Not filled in</translation>
    </message>
    <message>
        <source>主管预算单位：</source>
        <translation>Supervising budget unit:</translation>
    </message>
    <message>
        <source>本级财政（监管）部门：</source>
        <translation>Finance (regulating) department:</translation>
    </message>
    <message>
        <source>适用采购人或服务对象范围：</source>
        <translation>Purchasers or service recipients covered:</translation>
    </message>
    <message>
        <source>提示：</source>
        <translation>Notes:</translation>
    </message>
    <message>
        <source>经办岗填报</source>
        <translation>Handler filling in</translation>
    </message>
    <message>
        <source>已审核通过（{step}），联网同步后生效。</source>
        <translation>Approved ({step}); takes effect after syncing online.</translation>
    </message>
    <message>
        <source>已退回（{step}），联网同步后生效。</source>
        <translation>Returned ({step}); takes effect after syncing online.</translation>
    </message>
</context>
<context>
    <name>PlanRules</name>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>当前状态为“{state}”，没有待审核的事项</source>
        <translation>The plan is “{state}”: there is nothing to review</translation>
    </message>
    <message>
        <source>已办理本环节，等待同步到服务器</source>
        <translation>You have acted on this step; waiting to sync to the server</translation>
    </message>
    <message>
        <source>当前账号不能办理计划备案审核</source>
        <translation>This account cannot review plan filings</translation>
    </message>
    <message>
        <source>框架协议计划备案需使用本单位的采购人账号登录办理（集采机构也使用其单位的采购人账号）</source>
        <translation>Framework agreement plan filing needs the unit&apos;s purchaser account (central procurement agencies also use their unit&apos;s purchaser account)</translation>
    </message>
</context>
<context>
    <name>ProcurementPage</name>
    <message>
        <source>计划备案</source>
        <translation>Plan filing</translation>
    </message>
    <message>
        <source>请先登录。计划备案由征集人经办岗填报，内部审核岗审核；集采机构还需监管部门初核、复核。</source>
        <translation>Please log in. The collector&apos;s handler fills in the plan filing and its internal reviewer approves it; a central procurement agency&apos;s plan also needs the regulator&apos;s first and second review.</translation>
    </message>
    <message>
        <source>经办岗填报计划备案并提交，流转至单位内部审核岗审核；审核完成后系统生成计划编号。</source>
        <translation>The handler fills in and submits the plan filing for the unit&apos;s internal review; once reviewed the system issues the plan number.</translation>
    </message>
    <message>
        <source>监管部门：办理本级框架协议计划备案的初核、复核，在“待我审核”中查看。</source>
        <translation>Regulator: first and second review of framework agreement plans at this level, under “Waiting for my review”.</translation>
    </message>
    <message>
        <source>审核岗：审核本单位及下属单位提交的计划备案，在“待我审核”中查看。</source>
        <translation>Reviewer: review plan filings of this unit and its subordinate units, under “Waiting for my review”.</translation>
    </message>
    <message>
        <source>框架协议计划备案需使用本单位的采购人账号登录办理（集采机构也使用其单位的采购人账号）。</source>
        <translation>Framework agreement plan filing needs the unit&apos;s purchaser account (central procurement agencies also use their unit&apos;s purchaser account).</translation>
    </message>
    <message>
        <source>新增框架协议计划备案</source>
        <translation>Add a framework agreement plan filing</translation>
    </message>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>只有经办岗可以填报计划备案</source>
        <translation>Only a handler can fill in plan filings</translation>
    </message>
    <message>
        <source>框架协议计划备案需使用本单位的采购人账号登录办理</source>
        <translation>Framework agreement plan filing needs the unit&apos;s purchaser account</translation>
    </message>
    <message>
        <source>本机尚未同步单位和区域信息，请联网同步后再填报计划备案。</source>
        <translation>Unit and region information has not been synced to this computer yet; sync online before filing a plan.</translation>
    </message>
    <message>
        <source>本单位不能作为框架协议采购的征集人</source>
        <translation>This unit cannot be the collector of a framework agreement procurement</translation>
    </message>
    <message>
        <source>计划备案已保存并提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Plan filing saved and submitted; it goes to the internal reviewer after syncing online.</translation>
    </message>
    <message>
        <source>计划备案已保存，联网同步后生效。</source>
        <translation>Plan filing saved; takes effect after syncing online.</translation>
    </message>
    <message>
        <source>不能提交</source>
        <translation>Cannot submit</translation>
    </message>
    <message>
        <source>计划备案信息不符合要求，请点击【修改】按提示修改后再提交：</source>
        <translation>The plan filing does not meet the rules; click [Edit], fix what is shown, then submit:</translation>
    </message>
    <message>
        <source>计划备案已提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Plan filing submitted; it goes to the internal reviewer after syncing online.</translation>
    </message>
    <message>
        <source>删除计划备案</source>
        <translation>Delete plan filing</translation>
    </message>
    <message>
        <source>删除计划备案《{name}》？</source>
        <translation>Delete the plan filing “{name}”?</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>计划备案已删除，联网同步后生效。</source>
        <translation>Plan filing deleted; takes effect after syncing online.</translation>
    </message>
</context>
<context>
    <name>ProjectListModel</name>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>框架协议类型</source>
        <translation>Agreement type</translation>
    </message>
    <message>
        <source>征集公告</source>
        <translation>Collection notice</translation>
    </message>
    <message>
        <source>入围结果公告</source>
        <translation>Shortlist result</translation>
    </message>
    <message>
        <source>互认互通</source>
        <translation>Interop</translation>
    </message>
    <message>
        <source>入围供应商</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>委托代理商</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>编辑中（未同步）</source>
        <translation>Editing (not synced)</translation>
    </message>
    <message>
        <source>等待分包信息</source>
        <translation>Waiting for lots</translation>
    </message>
    <message>
        <source>未编辑</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>待备案（未同步）</source>
        <translation>Not filed (not synced)</translation>
    </message>
    <message>
        <source>未备案</source>
        <translation>Not filed</translation>
    </message>
    <message>
        <source>待推送</source>
        <translation>To be pushed</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>{n} 家</source>
        <translation>{n}</translation>
    </message>
</context>
<context>
    <name>ProjectWizardDialog</name>
    <message>
        <source>项目向导</source>
        <translation>Project wizard</translation>
    </message>
    <message>
        <source>重新推送</source>
        <translation>Push again</translation>
    </message>
    <message>
        <source>① 征集公告</source>
        <translation>1 Collection notice</translation>
    </message>
    <message>
        <source>② 入围结果公告</source>
        <translation>2 Shortlist result</translation>
    </message>
    <message>
        <source>③ 入围供应商</source>
        <translation>3 Shortlisted suppliers</translation>
    </message>
    <message>
        <source>④ 框架协议备案</source>
        <translation>4 Agreement filing</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>供应商管理</source>
        <translation>Manage suppliers</translation>
    </message>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>是（省本级）</source>
        <translation>Yes (province level)</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>计划编号：{number}    征集人：{collector}    框架协议类型：{form}    互认互通：{interop}</source>
        <translation>Plan number: {number}    Collector: {collector}    Type: {form}    Interop: {interop}</translation>
    </message>
    <message>
        <source>等待交易系统推送分包信息</source>
        <translation>Waiting for the trading system to push the lots</translation>
    </message>
    <message>
        <source>互认互通状态：&lt;b&gt;{state}&lt;/b&gt;</source>
        <translation>Trading-system bridge: &lt;b&gt;{state}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>计划信息生成编号之后，采购系统会将计划信息推送至交易系统，进行项目受理。</source>
        <translation>Once numbered, the plan is pushed to the trading system for acceptance.</translation>
    </message>
    <message>
        <source>交易系统项目受理完成后，会将分包信息推送过来。</source>
        <translation>The trading system pushes the lots once it has accepted the project.</translation>
    </message>
    <message>
        <source>已重新推送，等待同步到服务器</source>
        <translation>Push requested again; waiting to sync</translation>
    </message>
    <message>
        <source>编辑中（未同步）</source>
        <translation>Editing (not synced)</translation>
    </message>
    <message>
        <source>未编辑</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>已发布在河南省政府采购网“{column}”栏目，可在【信息发布】中查看。</source>
        <translation>Published in the &quot;{column}&quot; column of the Henan government procurement site; see [Announcements].</translation>
    </message>
    <message>
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <source>{n} 家入围供应商，{m} 家委托代理商</source>
        <translation>{n} shortlisted suppliers, {m} agents</translation>
    </message>
    <message>
        <source>从入围结果公告同步。供应商地址、联系人、联系电话有变更时，可在【供应商管理】中修改，并维护委托代理商。</source>
        <translation>Synced from the shortlist result. Change addresses, contacts and phones and maintain the agents under [Manage suppliers].</translation>
    </message>
    <message>
        <source>暂无</source>
        <translation>None yet</translation>
    </message>
    <message>
        <source>入围结果公告保存后，入围供应商信息会直接同步至入围供应商管理模块中。</source>
        <translation>Once the shortlist result is saved, its suppliers appear under shortlisted suppliers.</translation>
    </message>
    <message>
        <source>待备案（未同步）</source>
        <translation>Not filed (not synced)</translation>
    </message>
    <message>
        <source>未备案</source>
        <translation>Not filed</translation>
    </message>
    <message>
        <source>框架协议备案完成，可以进行二阶段的合同备案以及资金支付操作。</source>
        <translation>The agreement is filed: second-stage contract filing and payment are possible.</translation>
    </message>
    <message>
        <source>在【合同管理】-【框架协议备案】中选择项目，征集人、入围供应商信息系统自动带出。</source>
        <translation>Choose the project under [Contracts]-[Agreement filing]; the collector and the suppliers are carried by the system.</translation>
    </message>
</context>
<context>
    <name>ProjectsTab</name>
    <message>
        <source>采购公告发布</source>
        <translation>Announcement publishing</translation>
    </message>
    <message>
        <source>入围供应商管理</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>框架协议备案</source>
        <translation>Framework agreement filing</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>项目向导</source>
        <translation>Project wizard</translation>
    </message>
    <message>
        <source>供应商管理</source>
        <translation>Manage suppliers</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>备案</source>
        <translation>File</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>查看/审核</source>
        <translation>View/Review</translation>
    </message>
    <message>
        <source>没有已生成计划编号的框架协议项目。计划备案审核完成、生成计划编号后，在这里点击【项目向导】编辑公告。</source>
        <translation>No numbered framework projects. Once a plan is approved and numbered, click [Project wizard] here to edit its announcements.</translation>
    </message>
    <message>
        <source>没有入围供应商。入围结果公告保存后，入围供应商会同步到这里。</source>
        <translation>No shortlisted suppliers. They appear here once a shortlist result is saved.</translation>
    </message>
    <message>
        <source>没有框架协议备案。入围结果公告发布后，点击【新增】选择项目进行备案。</source>
        <translation>No agreement filings. Once a shortlist result is published, click [New] and choose the project.</translation>
    </message>
    <message>
        <source>请先登录，登录并同步后在这里办理</source>
        <translation>Log in and sync to work here</translation>
    </message>
    <message>
        <source>共 {n} 个项目</source>
        <translation>{n} projects</translation>
    </message>
</context>
<context>
    <name>QueueingDialog</name>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <source>请填写原因（必填）</source>
        <translation>Reason (required)</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReplaceDocumentDialog</name>
    <message>
        <source>更换合同文件</source>
        <translation>Replace the contract file</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>请上传新的合同文件</source>
        <translation>Upload the new contract file</translation>
    </message>
    <message>
        <source>项目名称：</source>
        <translation>Project:</translation>
    </message>
    <message>
        <source>标段：</source>
        <translation>Lot:</translation>
    </message>
    <message>
        <source>合同名称：</source>
        <translation>Contract title:</translation>
    </message>
    <message>
        <source>当前文件：</source>
        <translation>Current file:</translation>
    </message>
    <message>
        <source>新文件：</source>
        <translation>New file:</translation>
    </message>
    <message>
        <source>合同尚未签章，可以更换合同文件；保存后双方使用新文件签章。签章后不能再更换。</source>
        <translation>Nobody has signed the contract yet, so its file may be replaced; after saving, both parties sign the new file. Once signed it can no longer be replaced.</translation>
    </message>
    <message>
        <source>正在保存……</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>未保存。</source>
        <translation>Not saved.</translation>
    </message>
</context>
<context>
    <name>ReviewBox</name>
    <message>
        <source>审核意见（退回时必须填写退回原因）</source>
        <translation>Review comment (a reason is required to return)</translation>
    </message>
    <message>
        <source>不能审核：{reason}</source>
        <translation>Cannot review: {reason}</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
</context>
<context>
    <name>SecondStageActions</name>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>直接选定</source>
        <translation>Direct selection</translation>
    </message>
    <message>
        <source>发起竞价</source>
        <translation>Start bidding</translation>
    </message>
    <message>
        <source>确定成交供应商</source>
        <translation>Determine supplier</translation>
    </message>
    <message>
        <source>顺序轮候确定</source>
        <translation>Award by rotation</translation>
    </message>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>资金支付</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>待同步：{actions}</source>
        <translation>Waiting to sync: {actions}</translation>
    </message>
</context>
<context>
    <name>SecondStageContract</name>
    <message>
        <source>合同主文档取自合同在线签订（双方签章，SHA-256 {sha}…），已锁定，不允许修改。</source>
        <translation>The main contract document comes from online contract signing (signed by both parties, SHA-256 {sha}…); it is locked and cannot be changed.</translation>
    </message>
    <message>
        <source>已关联合同在线签订（{state}）：备案时以双方签章后的合同文件作为合同主文档，不允许修改。</source>
        <translation>Linked to online contract signing ({state}): at filing the contract signed by both parties becomes the main document and cannot be changed.</translation>
    </message>
    <message>
        <source>成交供应商确定后已生成合同在线签订标段（{lot}），可在“合同在线签订”中签订合同。</source>
        <translation>A lot for online contract signing ({lot}) was created with the award; sign the contract under &quot;Online contract signing&quot;.</translation>
    </message>
</context>
<context>
    <name>SecondStageModel</name>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>采购项目名称</source>
        <translation>Procurement title</translation>
    </message>
    <message>
        <source>方式</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>成交供应商</source>
        <translation>Winning supplier</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>新增（未同步）</source>
        <translation>New (not synced)</translation>
    </message>
</context>
<context>
    <name>SecondStagePages</name>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>点击【新增】选择已备案的框架协议，确定成交供应商后点击【合同备案】提交内部审核岗审核。</source>
        <translation>Click [Add] to choose a filed framework agreement; after determining the supplier click [Contract filing] to send it to the internal reviewer.</translation>
    </message>
    <message>
        <source>审核岗：选择已提交合同备案的二阶段采购，点击【查看/审核】。</source>
        <translation>Reviewer: select a second-stage procurement whose contract filing was submitted and click [View/Review].</translation>
    </message>
    <message>
        <source>本机尚未同步本单位和框架协议信息，请联网同步后再办理</source>
        <translation>This computer has not synced your unit and the framework agreements yet; sync first</translation>
    </message>
    <message>
        <source>不能新增</source>
        <translation>Cannot add</translation>
    </message>
    <message>
        <source>不能新增二阶段采购：</source>
        <translation>Cannot add a second-stage procurement:</translation>
    </message>
    <message>
        <source>不能确定成交供应商</source>
        <translation>Cannot determine the supplier</translation>
    </message>
    <message>
        <source>不能确定成交供应商：</source>
        <translation>Cannot determine the supplier:</translation>
    </message>
    <message>
        <source>不能合同备案</source>
        <translation>Cannot file the contract</translation>
    </message>
    <message>
        <source>不能进行合同备案：</source>
        <translation>Cannot file the contract:</translation>
    </message>
    <message>
        <source>不能资金支付</source>
        <translation>Cannot pay</translation>
    </message>
    <message>
        <source>不能申请资金支付：</source>
        <translation>Cannot request a payment:</translation>
    </message>
</context>
<context>
    <name>SecondStageRules</name>
    <message>
        <source>请先登录</source>
        <translation>Please log in first</translation>
    </message>
    <message>
        <source>框架协议二阶段的合同备案需使用采购人账号办理</source>
        <translation>Second-stage contract filing needs a purchaser account</translation>
    </message>
    <message>
        <source>只有经办岗可以办理，审核岗在【查看/审核】中审核合同备案</source>
        <translation>Only the handler may do this; reviewers review the contract filing under [View/Review]</translation>
    </message>
    <message>
        <source>尚未同步到服务器，同步后才能继续办理</source>
        <translation>Not synced to the server yet; continue after syncing</translation>
    </message>
    <message>
        <source>本机尚未同步该框架协议，请联网同步后再办理</source>
        <translation>This computer has not synced this framework agreement yet; sync first</translation>
    </message>
    <message>
        <source>已办理本环节，等待同步到服务器</source>
        <translation>Done here; waiting to sync to the server</translation>
    </message>
    <message>
        <source>竞价失败（截止时间前没有供应商报价），请点击【新增】重新发起二阶段采购</source>
        <translation>Bidding failed (no bid by the deadline); click [Add] to start a new second-stage procurement</translation>
    </message>
    <message>
        <source>已确定成交供应商：{name}</source>
        <translation>The supplier is already determined: {name}</translation>
    </message>
    <message>
        <source>本机尚未同步顺序轮候的下一家供应商，请联网同步后再办理</source>
        <translation>This computer has not synced the next supplier of the rotation yet; sync first</translation>
    </message>
    <message>
        <source>当前状态为“{state}”，确定成交供应商后才能进行合同备案</source>
        <translation>The status is &quot;{state}&quot;; determine the supplier before filing the contract</translation>
    </message>
    <message>
        <source>合同备案已提交（{state}），不能修改</source>
        <translation>The contract filing was submitted ({state}) and cannot be changed</translation>
    </message>
    <message>
        <source>尚未同步到服务器，暂不能审核</source>
        <translation>Not on the server yet; cannot be reviewed</translation>
    </message>
    <message>
        <source>合同备案完成（已备案）后才可以申请资金支付</source>
        <translation>A payment can be requested only once the contract is filed</translation>
    </message>
    <message>
        <source>支付金额不得超过合同未支付金额（{left}元）</source>
        <translation>The payment may not exceed the unpaid contract amount ({left} yuan)</translation>
    </message>
</context>
<context>
    <name>SecondStageTab</name>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>确定成交供应商</source>
        <translation>Determine supplier</translation>
    </message>
    <message>
        <source>资金支付</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <source>查看/审核</source>
        <translation>View/Review</translation>
    </message>
    <message>
        <source>请先登录，登录并同步后在这里办理</source>
        <translation>Log in and sync to work here</translation>
    </message>
    <message>
        <source>共 {n} 个二阶段采购</source>
        <translation>{n} second-stage procurements</translation>
    </message>
    <message>
        <source>没有二阶段采购。框架协议备案完成后，征集范围内的采购人点击【新增】选择框架协议，确定成交供应商后进行合同备案。</source>
        <translation>No second-stage procurement. Once a framework agreement is filed, purchasers within its scope click [Add], choose the agreement, determine the supplier and file the contract.</translation>
    </message>
</context>
<context>
    <name>SecondStageViewDialog</name>
    <message>
        <source>合同备案</source>
        <translation>Contract filing</translation>
    </message>
    <message>
        <source>新增（未同步）</source>
        <translation>New (not synced)</translation>
    </message>
    <message>
        <source>状态：{state}</source>
        <translation>Status: {state}</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>办理记录（北京时间）：</source>
        <translation>History (Beijing time):</translation>
    </message>
    <message>
        <source>框架协议</source>
        <translation>Framework agreement</translation>
    </message>
    <message>
        <source>计划编号</source>
        <translation>Plan number</translation>
    </message>
    <message>
        <source>项目名称</source>
        <translation>Project</translation>
    </message>
    <message>
        <source>框架协议类型</source>
        <translation>Agreement type</translation>
    </message>
    <message>
        <source>征集人</source>
        <translation>Collector</translation>
    </message>
    <message>
        <source>采购人</source>
        <translation>Purchaser</translation>
    </message>
    <message>
        <source>确定成交供应商的方式</source>
        <translation>Supplier determined by</translation>
    </message>
    <message>
        <source>二次竞价</source>
        <translation>Second-round bidding</translation>
    </message>
    <message>
        <source>竞价响应截止时间（北京时间）</source>
        <translation>Bid deadline (Beijing time)</translation>
    </message>
    <message>
        <source>最高限价（元）</source>
        <translation>Ceiling (yuan)</translation>
    </message>
    <message>
        <source>受邀供应商</source>
        <translation>Invited suppliers</translation>
    </message>
    <message>
        <source>报价数</source>
        <translation>Bids</translation>
    </message>
    <message>
        <source>排名|供应商|统一社会信用代码|报价（元）|报价时间</source>
        <translation>Rank|Supplier|Unified social credit code|Bid (yuan)|Received</translation>
    </message>
    <message>
        <source>顺序轮候周期</source>
        <translation>Rotation cycle</translation>
    </message>
    <message>
        <source>第 {n} 轮</source>
        <translation>cycle {n}</translation>
    </message>
    <message>
        <source>成交与合同</source>
        <translation>Award and contract</translation>
    </message>
    <message>
        <source>成交供应商</source>
        <translation>Winning supplier</translation>
    </message>
    <message>
        <source>成交报价（元）</source>
        <translation>Winning bid (yuan)</translation>
    </message>
    <message>
        <source>确定时间</source>
        <translation>Determined at</translation>
    </message>
    <message>
        <source>合同名称</source>
        <translation>Contract title</translation>
    </message>
    <message>
        <source>合同金额（元）</source>
        <translation>Contract amount (yuan)</translation>
    </message>
    <message>
        <source>合同签订日期</source>
        <translation>Date signed</translation>
    </message>
    <message>
        <source>合同在线签订</source>
        <translation>Online contract signing</translation>
    </message>
    <message>
        <source>备案时间</source>
        <translation>Filed at</translation>
    </message>
    <message>
        <source>合同公告</source>
        <translation>Contracts</translation>
    </message>
    <message>
        <source>采购计划备案编号</source>
        <translation>Procurement plan number</translation>
    </message>
    <message>
        <source>采购计划备案（系统自动生成）</source>
        <translation>Procurement plan record (generated by the system)</translation>
    </message>
    <message>
        <source>采购方式</source>
        <translation>Procurement method</translation>
    </message>
    <message>
        <source>预算年度</source>
        <translation>Budget year</translation>
    </message>
    <message>
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>资金支付</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>申请编号|支付金额（元）|申请时间</source>
        <translation>Request id|Amount (yuan)|Requested</translation>
    </message>
    <message>
        <source>已申请支付合计（元）</source>
        <translation>Total requested (yuan)</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>直接选定</source>
        <translation>Direct selection</translation>
    </message>
    <message>
        <source>发起竞价</source>
        <translation>Start bidding</translation>
    </message>
    <message>
        <source>确定成交供应商</source>
        <translation>Determine supplier</translation>
    </message>
    <message>
        <source>竞价失败</source>
        <translation>Bidding failed</translation>
    </message>
    <message>
        <source>顺序轮候确定</source>
        <translation>Award by rotation</translation>
    </message>
    <message>
        <source>审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <source>退回</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>原因：{reason}</source>
        <translation>Reason: {reason}</translation>
    </message>
    <message>
        <source>合同备案已审核通过，联网同步后发布合同公告并生成采购计划备案。</source>
        <translation>Contract filing approved; once synced the contract announcement is published and the procurement plan record created.</translation>
    </message>
    <message>
        <source>合同备案已退回经办岗，联网同步后生效。</source>
        <translation>Contract filing returned to the handler; takes effect once synced.</translation>
    </message>
</context>
<context>
    <name>ShortlistResultDialog</name>
    <message>
        <source>入围结果公告</source>
        <translation>Shortlist result</translation>
    </message>
    <message>
        <source>入围结果公告编辑：{project}</source>
        <translation>Shortlist result: {project}</translation>
    </message>
    <message>
        <source>退回原因：{reason}</source>
        <translation>Reason for return: {reason}</translation>
    </message>
    <message>
        <source>{project}入围结果公告</source>
        <translation>{project} shortlist result</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>价格（元）或分值</source>
        <translation>Price (yuan) or score</translation>
    </message>
    <message>
        <source>选填，用于核对淘汰率</source>
        <translation>Optional; used to check the elimination rate</translation>
    </message>
    <message>
        <source>供应商名称</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>供应商地址</source>
        <translation>Supplier address</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>从交易中心推送的入围供应商中选择</source>
        <translation>Choose from the suppliers the trading centre pushed</translation>
    </message>
    <message>
        <source>交易中心尚未推送入围供应商；非互认互通项目的入围供应商需要自行添加</source>
        <translation>The trading centre has pushed no suppliers; for other projects add the suppliers yourself</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>自行添加入围供应商</source>
        <translation>Add a shortlisted supplier</translation>
    </message>
    <message>
        <source>18位，系统校验校验位</source>
        <translation>18 characters; the check character is verified</translation>
    </message>
    <message>
        <source>添加</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>公告标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <source>最高入围价格或最低入围分值：</source>
        <translation>Highest price or lowest score:</translation>
    </message>
    <message>
        <source>响应供应商数量：</source>
        <translation>Responsive suppliers:</translation>
    </message>
    <message>
        <source>入围供应商：</source>
        <translation>Shortlisted suppliers:</translation>
    </message>
    <message>
        <source>开放式框架协议采购征集环节不需要进行招标过程，不设最低入围分值。</source>
        <translation>Open agreements have no tendering in the collection stage and no lowest score.</translation>
    </message>
    <message>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>入围供应商“{name}”已在列表中</source>
        <translation>Supplier &quot;{name}&quot; is already listed</translation>
    </message>
    <message>
        <source>不能保存：{reason}</source>
        <translation>Cannot save: {reason}</translation>
    </message>
    <message>
        <source>不能提交，请先补充以下内容（可以先保存）：</source>
        <translation>Cannot submit yet; complete the following first (you may save now):</translation>
    </message>
    <message>
        <source>入围结果公告已保存并提交，联网同步后流转至内部审核岗审核。</source>
        <translation>Shortlist result saved and submitted; it goes to the internal reviewer once synced.</translation>
    </message>
    <message>
        <source>入围结果公告已保存，入围供应商联网同步后进入入围供应商管理。</source>
        <translation>Shortlist result saved; its suppliers reach shortlisted suppliers once synced.</translation>
    </message>
</context>
<context>
    <name>SignContractDialog</name>
    <message>
        <source>合同签章</source>
        <translation>Sign contract</translation>
    </message>
    <message>
        <source>{project}&#x3000;{lot}&#x3000;《{title}》
当前状态：{state}&#x3000;本次以{party}身份签章。注意：只能签章一次，请谨慎操作。</source>
        <translation>{project}  {lot}  “{title}”
State: {state}  You sign as the {party}. Note: each party signs only once; proceed with care.</translation>
    </message>
</context>
<context>
    <name>SignPanel</name>
    <message>
        <source>签章</source>
        <translation>Sign</translation>
    </message>
    <message>
        <source>签章验证</source>
        <translation>Signatures</translation>
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
    <name>SigningWorkbench</name>
    <message>
        <source>本地文件签章</source>
        <translation>Sign a local file</translation>
    </message>
    <message>
        <source>合同签章</source>
        <translation>Sign contract</translation>
    </message>
    <message>
        <source>未打开合同</source>
        <translation>No contract open</translation>
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
        <source>取消签章</source>
        <translation>Cancel signing</translation>
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
        <source>在所选位置签章并保存签章信息（只能签章一次）</source>
        <translation>Sign at the chosen place and save the signature (you can sign only once)</translation>
    </message>
    <message>
        <source>打开合同，选择签章 key，然后点击【签章】。</source>
        <translation>Open a contract, choose the signing key, then click [Sign].</translation>
    </message>
    <message>
        <source>选择签章 key，点击【签章】，在需要盖章的地方单击，然后点击【保存】。</source>
        <translation>Choose the signing key, click [Sign], click where the seal goes, then click [Save].</translation>
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
        <source>已选择签章位置。点击【保存】完成签章；要换位置，请再次点击【签章】。</source>
        <translation>Place chosen. Click [Save] to sign; to choose another place, click [Sign] again.</translation>
    </message>
    <message>
        <source>请点击【保存】保存签章信息（只能签章一次，请谨慎操作）。</source>
        <translation>Click [Save] to save the signature (you can sign only once; proceed with care).</translation>
    </message>
    <message>
        <source>尚未签章。可以点击【保存】签章，或点击【签章】重新选择位置。</source>
        <translation>Not signed yet. Click [Save] to sign, or [Sign] to choose another place.</translation>
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
        <source>签章完成。</source>
        <translation>Signed.</translation>
    </message>
    <message>
        <source>签章完成，已保存为“{name}”（在原合同所在的文件夹）。</source>
        <translation>Signed and saved as “{name}” (in the folder of the original contract).</translation>
    </message>
</context>
<context>
    <name>SupplierManagementDialog</name>
    <message>
        <source>入围供应商管理</source>
        <translation>Shortlisted suppliers</translation>
    </message>
    <message>
        <source>供应商管理：{project}（{number}）</source>
        <translation>Suppliers: {project} ({number})</translation>
    </message>
    <message>
        <source>从发布的入围结果公告中同步入围供应商信息。供应商名称、统一社会信用代码不允许修改，供应商地址、联系人、联系电话如有变更可以修改；点击“委托代理商”可以增加入围供应商的委托代理商。</source>
        <translation>Suppliers are synced from the published shortlist result. Names and credit codes cannot be changed; addresses, contacts and phones can. Add a supplier&apos;s agents under &quot;Agents&quot;.</translation>
    </message>
    <message>
        <source>只能查看：{reason}</source>
        <translation>View only: {reason}</translation>
    </message>
    <message>
        <source>序号</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>供应商名称</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>统一社会信用代码</source>
        <translation>Unified social credit code</translation>
    </message>
    <message>
        <source>供应商地址</source>
        <translation>Supplier address</translation>
    </message>
    <message>
        <source>联系人</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>委托代理商</source>
        <translation>Agents</translation>
    </message>
    <message>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>入围供应商信息</source>
        <translation>Supplier</translation>
    </message>
    <message>
        <source>保存修改</source>
        <translation>Save changes</translation>
    </message>
    <message>
        <source>供应商名称：</source>
        <translation>Supplier:</translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation>Unified social credit code:</translation>
    </message>
    <message>
        <source>供应商地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>供应商联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>供应商联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>移出</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>将该供应商移出本框架协议（须填写原因），移出后二阶段不能再选择该供应商</source>
        <translation>Remove this supplier from the agreement (a reason is required); it can no longer be chosen in the second stage</translation>
    </message>
    <message>
        <source>代理商名称</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>新增</source>
        <translation>New</translation>
    </message>
    <message>
        <source>修改</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>删除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>代理商名称：</source>
        <translation>Agent:</translation>
    </message>
    <message>
        <source>地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <source>保存委托代理商</source>
        <translation>Save agent</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>待同步</source>
        <translation>Waiting to sync</translation>
    </message>
    <message>
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <source>待同步（移出）</source>
        <translation>Pending sync (removal)</translation>
    </message>
    <message>
        <source>{n} 家</source>
        <translation>{n}</translation>
    </message>
    <message>
        <source>入围供应商信息已修改，联网同步后生效。</source>
        <translation>Supplier changed; takes effect once synced.</translation>
    </message>
    <message>
        <source>已新增委托代理商“{name}”，联网同步后生效。</source>
        <translation>Agent &quot;{name}&quot; added; takes effect once synced.</translation>
    </message>
    <message>
        <source>委托代理商“{name}”已修改，联网同步后生效。</source>
        <translation>Agent &quot;{name}&quot; changed; takes effect once synced.</translation>
    </message>
    <message>
        <source>已删除委托代理商“{name}”，联网同步后生效。</source>
        <translation>Agent &quot;{name}&quot; removed; takes effect once synced.</translation>
    </message>
    <message>
        <source>移出入围供应商</source>
        <translation>Remove shortlisted supplier</translation>
    </message>
    <message>
        <source>确定将“{name}”（{code}）移出本框架协议的入围供应商？移出后二阶段不能再选择该供应商。请填写移出原因：</source>
        <translation>Remove &quot;{name}&quot; ({code}) from the agreement&apos;s shortlisted suppliers? It can no longer be chosen in the second stage. Give the reason:</translation>
    </message>
    <message>
        <source>已移出入围供应商“{name}”，联网同步后生效。</source>
        <translation>Shortlisted supplier &quot;{name}&quot; removed; takes effect once synced.</translation>
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
    <name>UnitInfoPage</name>
    <message>
        <source>单位信息</source>
        <translation>Unit information</translation>
    </message>
    <message>
        <source>账号状态：绑定key未启用。本单位由公共资源交易中心同步而来，绑定 key 后仅具有临时权限：请核对并维护单位信息，点击【提交】；提交并同步后才具有正式功能权限。</source>
        <translation>Account status: key bound, not enabled. Your unit was synced from the public resource trading centre; after binding the key it has temporary rights only: check and maintain the unit information and click [Submit]; once submitted and synced the account gets full rights.</translation>
    </message>
    <message>
        <source>手机或座机，如 0371-65800001</source>
        <translation>Mobile or landline, e.g. 0371-65800001</translation>
    </message>
    <message>
        <source>单位名称：</source>
        <translation>Unit name:</translation>
    </message>
    <message>
        <source>统一社会信用代码：</source>
        <translation>Unified social credit code:</translation>
    </message>
    <message>
        <source>所属区划：</source>
        <translation>Region:</translation>
    </message>
    <message>
        <source>联系人：</source>
        <translation>Contact person:</translation>
    </message>
    <message>
        <source>联系电话：</source>
        <translation>Contact phone:</translation>
    </message>
    <message>
        <source>提交</source>
        <translation>Submit</translation>
    </message>
    <message>
        <source>登录并同步后，这里显示本单位在系统中登记的信息。</source>
        <translation>After you sign in and sync, your unit&apos;s registered information appears here.</translation>
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
