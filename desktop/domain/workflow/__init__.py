"""Framework-agreement, online-signing and CA-binding rules (seed manual §一, §二, §三).

Pure functions over frozen values; no I/O, standard library only. One module per concept:

* ``common``       shared values (Actor, WorkflowEvent, Transition, Category, Item, Region) and the
                   WorkflowError tree (FormInvalid, FieldLocked, TransitionRefused), RuleWarning;
* ``thresholds``   分散采购限额 table (defaults to be confirmed);
* ``order110``     Order No. 110 rules the manual does not enforce, as warnings;
* ``plan``         计划备案 form rules; ``plan_review`` its review chain and plan number;
* ``review``       the generic 经办岗 → reviewers chain with separation of duties;
* ``announcement`` 征集公告, 入围结果公告, columns; ``suppliers`` 入围供应商管理 and 委托代理商;
* ``agreement``    框架协议备案 and the second-stage gate;
* ``second_stage`` 二阶段: 直接选定 / 二次竞价 / 顺序轮候, 合同备案, joining an open agreement;
* ``workdays``     working days over a holiday table that is data (deadlines of Order No. 110);
* ``contract``     合同在线签订 state machine;
* ``binding``      CA 自助绑定 of unit keys; ``personal_key`` 个人证书绑定.
"""
