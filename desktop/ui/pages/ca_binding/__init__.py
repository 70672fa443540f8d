"""CA 绑定与诊断 (CA self-service binding and key diagnosis)."""
