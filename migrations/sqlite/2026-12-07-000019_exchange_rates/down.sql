DROP TABLE expert_day_rates;
DROP TABLE exchange_rates;
