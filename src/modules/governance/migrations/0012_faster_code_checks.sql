-- Faster date checks for audits: dates by character positions and translate() instead of a regular expression with
-- counted repetition, and the birth date of an ID number read by position (bench/quality.ts, ADR 0009). Same
-- answers as 0002 (sql-checks.test.ts). Generated from src/modules/governance/quality/sql-checks.ts
-- (functionDefinitions); a test keeps the newest definition here equal to it.

create or replace function quality_id_number_ok(v text, today text) returns boolean
language plpgsql immutable strict parallel safe as $$
begin
  return (case when octet_length(v) = 18 and v ~ '^[0-9]+[0-9X]$' then substr('10X98765432', (((ascii(substr(v,1,1))-48)*7+(ascii(substr(v,2,1))-48)*9+(ascii(substr(v,3,1))-48)*10+(ascii(substr(v,4,1))-48)*5+(ascii(substr(v,5,1))-48)*8+(ascii(substr(v,6,1))-48)*4+(ascii(substr(v,7,1))-48)*2+(ascii(substr(v,8,1))-48)*1+(ascii(substr(v,9,1))-48)*6+(ascii(substr(v,10,1))-48)*3+(ascii(substr(v,11,1))-48)*7+(ascii(substr(v,12,1))-48)*9+(ascii(substr(v,13,1))-48)*10+(ascii(substr(v,14,1))-48)*5+(ascii(substr(v,15,1))-48)*8+(ascii(substr(v,16,1))-48)*4+(ascii(substr(v,17,1))-48)*2) % 11) + 1, 1) = substr(v,18,1) and substr(v,7,8) <= today and (substr(v,7,4)::int >= 1800 and substr(v,11,2)::int between 1 and 12 and substr(v,13,2)::int between 1 and (case when substr(v,11,2)::int = 2 then (case when ((substr(v,7,4)::int % 4 = 0 and substr(v,7,4)::int % 100 <> 0) or substr(v,7,4)::int % 400 = 0) then 29 else 28 end) when substr(v,11,2)::int in (4,6,9,11) then 30 else 31 end)) and substr(v,1,2) in ('11','12','13','14','15','21','22','23','31','32','33','34','35','36','37','41','42','43','44','45','46','50','51','52','53','54','61','62','63','64','65','71','81','82') else false end);
end
$$;

create or replace function quality_credit_code_ok(v text) returns boolean
language plpgsql immutable strict parallel safe as $$
begin
  return (case when octet_length(v) = 18 and v ~ '^[0-9A-HJ-NPQRTUWXY]+$' and substr(v,3,6) ~ '^[0-9]+$' then substr('0123456789ABCDEFGHJKLMNPQRTUWXY', ((31 - (((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,1,1))-1)*1+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,2,1))-1)*3+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,3,1))-1)*9+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,4,1))-1)*27+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,5,1))-1)*19+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,6,1))-1)*26+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,7,1))-1)*16+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,8,1))-1)*17+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,9,1))-1)*20+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,10,1))-1)*29+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,11,1))-1)*25+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,12,1))-1)*13+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,13,1))-1)*8+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,14,1))-1)*24+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,15,1))-1)*10+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,16,1))-1)*30+(strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(v,17,1))-1)*28) % 31)) % 31) + 1, 1) = substr(v,18,1) and (substr(v,3,6) = '100000' or substr(v,3,2) in ('11','12','13','14','15','21','22','23','31','32','33','34','35','36','37','41','42','43','44','45','46','50','51','52','53','54','61','62','63','64','65','71','81','82')) else false end);
end
$$;

create or replace function quality_date_text_ok(v text) returns boolean
language plpgsql immutable strict parallel safe as $$
begin
  return (case when octet_length(v) = 8 and translate(v,'0123456789','') = '' then (substr(v,1,4)::int >= 1800 and substr(v,5,2)::int between 1 and 12 and substr(v,7,2)::int between 1 and (case when substr(v,5,2)::int = 2 then (case when ((substr(v,1,4)::int % 4 = 0 and substr(v,1,4)::int % 100 <> 0) or substr(v,1,4)::int % 400 = 0) then 29 else 28 end) when substr(v,5,2)::int in (4,6,9,11) then 30 else 31 end)) when octet_length(v) >= 10 and substr(v,5,1) in ('-','/') and substr(v,8,1) = substr(v,5,1) and (octet_length(v) = 10 or substr(v,11,1) in (' ','T')) and translate(substr(v,1,4)||substr(v,6,2)||substr(v,9,2),'0123456789','') = '' then (substr(v,1,4)::int >= 1800 and substr(v,6,2)::int between 1 and 12 and substr(v,9,2)::int between 1 and (case when substr(v,6,2)::int = 2 then (case when ((substr(v,1,4)::int % 4 = 0 and substr(v,1,4)::int % 100 <> 0) or substr(v,1,4)::int % 400 = 0) then 29 else 28 end) when substr(v,6,2)::int in (4,6,9,11) then 30 else 31 end)) else false end);
end
$$;

create or replace function quality_date_text_not_after(v text, today text) returns boolean
language plpgsql immutable strict parallel safe as $$
begin
  return (case when octet_length(v) = 8 and translate(v,'0123456789','') = '' then (substr(v,1,4)::int >= 1800 and substr(v,5,2)::int between 1 and 12 and substr(v,7,2)::int between 1 and (case when substr(v,5,2)::int = 2 then (case when ((substr(v,1,4)::int % 4 = 0 and substr(v,1,4)::int % 100 <> 0) or substr(v,1,4)::int % 400 = 0) then 29 else 28 end) when substr(v,5,2)::int in (4,6,9,11) then 30 else 31 end)) and v <= today when octet_length(v) >= 10 and substr(v,5,1) in ('-','/') and substr(v,8,1) = substr(v,5,1) and (octet_length(v) = 10 or substr(v,11,1) in (' ','T')) and translate(substr(v,1,4)||substr(v,6,2)||substr(v,9,2),'0123456789','') = '' then (substr(v,1,4)::int >= 1800 and substr(v,6,2)::int between 1 and 12 and substr(v,9,2)::int between 1 and (case when substr(v,6,2)::int = 2 then (case when ((substr(v,1,4)::int % 4 = 0 and substr(v,1,4)::int % 100 <> 0) or substr(v,1,4)::int % 400 = 0) then 29 else 28 end) when substr(v,6,2)::int in (4,6,9,11) then 30 else 31 end)) and substr(v,1,4)||substr(v,6,2)||substr(v,9,2) <= today else false end);
end
$$;
