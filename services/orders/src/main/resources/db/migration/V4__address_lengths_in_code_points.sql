-- The contract's maxLength counts code points (JSON Schema); H2 counts UTF-16 units, so a name of
-- 100 emoji (200 units) must fit too: every address column holds twice its limit in code points.
ALTER TABLE orders ALTER COLUMN ship_name SET DATA TYPE VARCHAR(200);
ALTER TABLE orders ALTER COLUMN ship_line1 SET DATA TYPE VARCHAR(400);
ALTER TABLE orders ALTER COLUMN ship_line2 SET DATA TYPE VARCHAR(400);
ALTER TABLE orders ALTER COLUMN ship_city SET DATA TYPE VARCHAR(200);
ALTER TABLE orders ALTER COLUMN ship_postal_code SET DATA TYPE VARCHAR(40);
