"""框架协议采购 (framework agreement procurement)."""
