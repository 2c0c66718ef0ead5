"""Hand-made gazetteer tables for the geoparser: what GeoNames' populated places do not cover.

Coordinates are representative points written from general geographic knowledge (rounded; a
region's point lies roughly in its middle or, for vast regions, in its populated part). Tables:

- ``FEATURES``: regions, islands, rivers, seas, landmarks, stations, airports of the story's ground
  (Russia's Far East, the Koreas, China, Vietnam, Singapore) and a few well-known others.
- ``COUNTRY_ALIASES`` / ``COUNTRY_POINTS``: other names of countries and representative points for
  large or antimeridian-crossing countries (smaller ones use the median of their towns).
- ``NOT_PLACES``: names that contain a place name but are not places (organisations, documents,
  people, railway lines); the matcher prefers the longest name, so these shadow the place inside.
- ``DEMONYMS``: adjectives that say which country a text is about without naming a place.
- Word lists for the false-place traps.
"""
from __future__ import annotations

# (name, kind, country ISO2, lat, lon, aliases, flags)
# flags: "lower" = may be written in lower case ("far east"); "institution" = usually means an
# institution ("the Kremlin said"), a place only after a locative preposition ("at the Kremlin").
FEATURES: tuple[tuple[str, str, str, float, float, tuple[str, ...], str], ...] = (
    # --- Russia: macro-regions and federal subjects (Far East, Siberia, a few others)
    ("Russian Far East", "region", "RU", 62.5, 142.0,
     ("Far East", "Russia's Far East", "Russian Far East region", "Far East region",
      "Far Eastern Federal District", "Far East of Russia"), "lower macro"),
    ("Siberia", "region", "RU", 60.0, 100.0, ("Eastern Siberia", "Western Siberia"), "macro"),
    ("Primorsky Krai", "region", "RU", 45.0, 134.5,
     ("Primorye", "Primorsky Territory", "Primorsky region", "Primorye Region", "Primorye Territory",
      "Primorsky", "Primorskiy Krai", "Primorsk Territory", "Maritime Province"), ""),
    ("Khabarovsk Krai", "region", "RU", 51.5, 135.5,
     ("Khabarovsk Territory", "Khabarovsk region"), ""),
    ("Amur Oblast", "region", "RU", 52.5, 128.0, ("Amur Region", "Amur Province", "Amurskaya Oblast"), ""),
    ("Amur River", "river", "RU", 50.3, 127.5, ("Amur", "Heilongjiang River"), ""),
    ("Sakhalin", "island", "RU", 50.0, 142.9, ("Sakhalin Island", "Sakhalin Oblast", "Sakhalin region"), ""),
    ("Kamchatka", "region", "RU", 56.0, 159.0, ("Kamchatka Peninsula", "Kamchatka Krai"), ""),
    ("Magadan Oblast", "region", "RU", 62.0, 152.0, ("Magadan region",), ""),
    ("Chukotka", "region", "RU", 66.0, 171.0, ("Chukotka Autonomous Okrug",), ""),
    ("Sakha Republic", "region", "RU", 66.0, 129.0, ("Yakutia", "Republic of Sakha"), ""),
    ("Jewish Autonomous Oblast", "region", "RU", 48.5, 132.0, ("Jewish Autonomous Region",), ""),
    ("Zabaykalsky Krai", "region", "RU", 52.0, 116.0, ("Transbaikalia", "Zabaikalsky Krai",
                                                        "Trans-Baikal Territory"), ""),
    ("Buryatia", "region", "RU", 53.0, 109.0, ("Republic of Buryatia",), ""),
    ("Irkutsk Oblast", "region", "RU", 56.0, 106.0, ("Irkutsk region",), ""),
    ("Krasnoyarsk Krai", "region", "RU", 64.0, 95.0, ("Krasnoyarsk Territory",), ""),
    ("Lake Baikal", "lake", "RU", 53.5, 108.2, ("Baikal",), ""),
    ("Khasansky District", "region", "RU", 42.8, 131.0, ("Khasan district", "Khasansky district",
                                                         "Hasansky district", "Khasansky"), ""),
    ("Russky Island", "island", "RU", 43.0, 131.8, ("Russky", "Russki", "Russkiy Island", "Russki Island",
                                                    "Russky Ostrov"), ""),
    ("Razdolnaya River", "river", "RU", 43.9, 131.9, ("Razdolnaya",), ""),
    ("Ussuri River", "river", "RU", 46.5, 133.5, ("Ussuri",), ""),
    ("Tumen River", "river", "KP", 42.6, 130.2, ("Tumen", "Tumannaya River", "Tuman River"), ""),
    ("Yalu River", "river", "KP", 40.9, 126.0, ("Yalu", "Amnok River"), ""),
    ("Golden Horn Bay", "bay", "RU", 43.11, 131.90, ("Golden Horn",), ""),
    ("Peter the Great Gulf", "bay", "RU", 42.8, 132.0, ("Peter the Great Bay",), ""),
    ("Sea of Japan", "sea", "", 40.0, 135.0, ("East Sea",), ""),
    ("Sea of Okhotsk", "sea", "RU", 55.0, 150.0, ("Okhotsk Sea",), ""),
    ("Yellow Sea", "sea", "", 35.0, 123.0, ("West Sea",), ""),
    ("Pacific Ocean", "sea", "", 20.0, -160.0, (), "macro"),
    ("Arctic", "region", "RU", 72.0, 100.0, ("Russian Arctic", "Arctic Ocean"), "macro"),
    ("Crimea", "region", "UA", 45.3, 34.4, ("Crimean Peninsula",), ""),
    ("Donbas", "region", "UA", 48.0, 38.0, ("Donbass",), ""),
    ("Chechnya", "region", "RU", 43.4, 45.7, ("Chechen Republic",), ""),
    ("Tatarstan", "region", "RU", 55.5, 50.5, (), ""),
    ("Moscow Oblast", "region", "RU", 55.5, 37.5, ("Moscow region",), ""),
    # --- Russia: sites of the 2019 and 2023 visits and the rail route
    ("Vostochny Cosmodrome", "cosmodrome", "RU", 51.88, 128.33,
     ("Vostochny Spaceport", "Vostochny space centre", "Vostochny space center",
      "Vostochny launch site", "Vostochny"), ""),
    ("Tsiolkovsky", "town", "RU", 51.76, 128.12, ("Tsiolkovskiy", "Uglegorsk"), ""),
    ("Khasan", "town", "RU", 42.43, 130.64, ("Hasan",), ""),
    ("Khasan station", "station", "RU", 42.43, 130.64,
     ("Khasan railway station", "Hasan station", "Khasan train station", "Hasan railway station"), ""),
    ("House of Russian-Korean Friendship", "venue", "RU", 42.43, 130.64,
     ("Russian-Korean House of Friendship", "Russian-Korean Friendship House"), ""),
    ("Vladivostok railway station", "station", "RU", 43.111, 131.882,
     ("Vladivostok station", "Vladivostok train station"), ""),
    ("Far Eastern Federal University", "venue", "RU", 43.025, 131.89, ("FEFU",), ""),
    ("Knevichi airfield", "airfield", "RU", 43.40, 132.15,
     ("Knevichi", "Knevichi airport", "Vladivostok International Airport", "Vladivostok airport",
      "Knevichi air base"), ""),
    ("Komsomolsk-on-Amur Aircraft Plant", "factory", "RU", 50.59, 137.06,
     ("KnAAZ", "Yuri Gagarin Komsomolsk-on-Amur Aircraft Plant", "Gagarin Aircraft Plant",
      "Komsomolsk-on-Amur aircraft factory", "Komsomolsk aircraft plant"), ""),
    ("Dzemgi airfield", "airfield", "RU", 50.60, 137.08, ("Dzemgi",), ""),
    ("Red Square", "venue", "RU", 55.754, 37.620, (), ""),
    ("Kremlin", "venue", "RU", 55.752, 37.617, ("Moscow Kremlin",), "institution"),
    # --- Korean Peninsula
    ("Korean Peninsula", "region", "", 38.0, 127.3, ("Korea Peninsula", "Korea"), "lower"),
    ("Korean Demilitarized Zone", "region", "", 38.0, 127.0,
     ("Demilitarized Zone", "Demilitarised Zone", "DMZ", "Korean Demilitarised Zone"), "lower"),
    ("Panmunjom", "town", "", 37.956, 126.677, ("Panmunjeom", "Joint Security Area", "Truce village"), ""),
    ("Peace House", "venue", "KR", 37.955, 126.677, ("House of Peace",), ""),
    ("Freedom House", "venue", "KR", 37.956, 126.676, (), ""),
    ("Tongilgak", "venue", "KP", 37.958, 126.677, ("Panmun Hall", "Panmungak"), ""),
    ("Blue House", "venue", "KR", 37.587, 126.977, ("Cheong Wa Dae", "Chongwadae", "Cheongwadae"),
     "institution"),
    ("Pyongyang Sunan International Airport", "airfield", "KP", 39.224, 125.670,
     ("Sunan Airport", "Sunan International Airport", "Pyongyang International Airport",
      "Pyongyang airport", "Sunan"), ""),
    ("Kumsusan Palace of the Sun", "venue", "KP", 39.067, 125.790, ("Kumsusan Palace",), ""),
    ("Kumsusan State Guest House", "venue", "KP", 39.070, 125.786,
     ("Kumsusan Guesthouse", "Kumsusan State Guesthouse", "Kumsusan Guest House"), ""),
    ("Kim Il Sung Square", "venue", "KP", 39.019, 125.753, ("Kim Il-sung Square",), ""),
    ("May Day Stadium", "venue", "KP", 39.049, 125.776, ("Rungrado May Day Stadium",), ""),
    ("Ryugyong Hotel", "venue", "KP", 39.036, 125.731, (), ""),
    ("Pyongyang station", "station", "KP", 39.030, 125.750, ("Pyongyang railway station",), ""),
    ("Tumangang", "station", "KP", 42.40, 130.62, ("Tumangang station", "Tuman River station"), ""),
    ("Mount Paektu", "mountain", "", 42.0, 128.06, ("Paektu", "Paektusan", "Changbai Mountain",
                                                    "Mount Baekdu", "Baekdu"), ""),
    ("Yongbyon", "town", "KP", 39.80, 125.80, ("Yongbyon nuclear complex",), ""),
    ("Rason", "city", "KP", 42.26, 130.30, ("Rajin", "Rason Special Economic Zone", "Rajin-Sonbong"), ""),
    ("North Hamgyong", "region", "KP", 41.8, 129.5, ("North Hamgyong Province",), ""),
    ("South Hamgyong", "region", "KP", 40.4, 128.2, ("South Hamgyong Province",), ""),
    ("Ryanggang", "region", "KP", 41.2, 128.2, ("Ryanggang Province",), ""),
    ("Chagang", "region", "KP", 40.7, 126.4, ("Chagang Province",), ""),
    ("North Pyongan", "region", "KP", 40.0, 125.0, ("North Pyongan Province",), ""),
    ("South Pyongan", "region", "KP", 39.4, 125.9, ("South Pyongan Province",), ""),
    ("North Hwanghae", "region", "KP", 38.6, 126.3, ("North Hwanghae Province",), ""),
    ("South Hwanghae", "region", "KP", 38.2, 125.4, ("South Hwanghae Province",), ""),
    ("Gyeonggi", "region", "KR", 37.4, 127.5, ("Gyeonggi Province", "Kyonggi"), ""),
    ("Gangwon", "region", "KR", 37.8, 128.2, ("Gangwon Province",), ""),
    ("Jeju Island", "island", "KR", 33.4, 126.5, ("Jeju", "Cheju"), ""),
    ("Gimpo International Airport", "airfield", "KR", 37.558, 126.794, ("Gimpo Airport",), ""),
    ("Incheon International Airport", "airfield", "KR", 37.460, 126.440, ("Incheon Airport",), ""),
    # --- China
    ("Great Hall of the People", "venue", "CN", 39.903, 116.387, (), ""),
    ("Tiananmen Square", "venue", "CN", 39.903, 116.391, ("Tian'anmen Square", "Tiananmen"), ""),
    ("Chang'an Avenue", "venue", "CN", 39.907, 116.397, ("Changan Avenue", "Chang'an Street"), ""),
    ("Diaoyutai State Guesthouse", "venue", "CN", 39.917, 116.310,
     ("Diaoyutai", "Diaoyutai State Guest House"), ""),
    ("Zhongnanhai", "venue", "CN", 39.914, 116.381, (), "institution"),
    ("Forbidden City", "venue", "CN", 39.916, 116.397, (), ""),
    ("Beijing railway station", "station", "CN", 39.903, 116.427, ("Beijing station",), ""),
    ("Beijing Capital International Airport", "airfield", "CN", 40.080, 116.585,
     ("Beijing Capital Airport",), ""),
    ("Bangchui Island", "island", "CN", 38.89, 121.71, ("Bangchuidao",), ""),
    ("Sino-Korean Friendship Bridge", "venue", "CN", 40.115, 124.395,
     ("China-North Korea Friendship Bridge", "Friendship Bridge"), ""),
    ("Liaoning", "region", "CN", 41.3, 122.6, ("Liaoning Province", "Liaoning province"), ""),
    ("Jilin Province", "region", "CN", 43.7, 126.2, (), ""),
    ("Heilongjiang", "region", "CN", 47.9, 127.8, ("Heilongjiang Province",), ""),
    ("Hebei", "region", "CN", 38.0, 114.5, ("Hebei Province",), ""),
    ("Shandong", "region", "CN", 36.4, 118.5, ("Shandong Province",), ""),
    ("Hunan", "region", "CN", 27.6, 111.7, ("Hunan Province", "Hunan province"), ""),
    ("Hubei", "region", "CN", 31.0, 112.3, ("Hubei Province",), ""),
    ("Henan", "region", "CN", 33.9, 113.6, ("Henan Province",), ""),
    ("Guangxi", "region", "CN", 23.7, 108.8, ("Guangxi Zhuang Autonomous Region", "Guangxi region"), ""),
    ("Guangdong", "region", "CN", 23.4, 113.4, ("Guangdong Province",), ""),
    ("Yunnan", "region", "CN", 25.0, 101.5, ("Yunnan Province",), ""),
    ("Sichuan", "region", "CN", 30.6, 102.7, ("Sichuan Province",), ""),
    ("Jiangsu", "region", "CN", 32.9, 119.4, ("Jiangsu Province",), ""),
    ("Zhejiang", "region", "CN", 29.1, 120.0, ("Zhejiang Province",), ""),
    ("Fujian", "region", "CN", 26.1, 117.9, ("Fujian Province",), ""),
    ("Jiangxi", "region", "CN", 27.6, 115.7, ("Jiangxi Province",), ""),
    ("Anhui", "region", "CN", 31.8, 117.2, ("Anhui Province",), ""),
    ("Shanxi", "region", "CN", 37.6, 112.3, ("Shanxi Province",), ""),
    ("Shaanxi", "region", "CN", 35.2, 108.9, ("Shaanxi Province",), ""),
    ("Inner Mongolia", "region", "CN", 44.1, 113.9, (), ""),
    ("Xinjiang", "region", "CN", 41.1, 85.2, (), ""),
    ("Tibet", "region", "CN", 31.7, 88.1, (), ""),
    ("Gansu", "region", "CN", 36.0, 104.0, ("Gansu Province",), ""),
    ("Guizhou", "region", "CN", 26.8, 106.9, ("Guizhou Province",), ""),
    ("Hainan", "island", "CN", 19.2, 109.7, ("Hainan Island", "Hainan Province"), ""),
    # --- Vietnam
    ("Sofitel Legend Metropole Hanoi", "venue", "VN", 21.0256, 105.8560,
     ("Metropole Hotel", "Metropole Hanoi", "Sofitel Metropole", "Hotel Metropole", "Metropole"), ""),
    ("Melia Hotel Hanoi", "venue", "VN", 21.0235, 105.8470, ("Melia Hotel", "Melia Hanoi"), ""),
    ("Hanoi Opera House", "venue", "VN", 21.0242, 105.8575, ("Opera House",), ""),
    ("Government Guesthouse", "venue", "VN", 21.0258, 105.8555,
     ("State Guesthouse", "Government Guest House", "State Guest House"), ""),
    ("Ho Chi Minh Mausoleum", "venue", "VN", 21.0368, 105.8346, ("Ho Chi Minh's Mausoleum",), ""),
    ("Ba Dinh Square", "venue", "VN", 21.0370, 105.8360, (), ""),
    ("Presidential Palace (Hanoi)", "venue", "VN", 21.0394, 105.8340, (), ""),
    ("Noi Bai International Airport", "airfield", "VN", 21.221, 105.807, ("Noi Bai Airport", "Noi Bai"), ""),
    ("Dong Dang", "town", "VN", 21.94, 106.70, ("Dong Dang station", "Dong Dang railway station"), ""),
    ("Ha Long Bay", "bay", "VN", 20.91, 107.18, ("Halong Bay",), ""),
    ("Quang Ninh", "region", "VN", 21.1, 107.3, ("Quang Ninh Province",), ""),
    ("Lang Son Province", "region", "VN", 21.8, 106.6, (), ""),
    # --- Singapore
    ("Capella Singapore", "venue", "SG", 1.2494, 103.8245, ("Capella Hotel", "Capella"), ""),
    ("Sentosa", "island", "SG", 1.2494, 103.8303, ("Sentosa Island",), ""),
    ("Shangri-La Hotel Singapore", "venue", "SG", 1.3112, 103.8265,
     ("Shangri-La Hotel", "Shangri-La", "Shangri La Hotel"), ""),
    ("St. Regis Singapore", "venue", "SG", 1.3049, 103.8247, ("St Regis", "St. Regis", "St Regis Hotel"), ""),
    ("Singapore Changi Airport", "airfield", "SG", 1.3644, 103.9915, ("Changi Airport", "Changi"), ""),
    ("Paya Lebar Air Base", "airfield", "SG", 1.3604, 103.9097, ("Paya Lebar",), ""),
    ("Marina Bay Sands", "venue", "SG", 1.2834, 103.8607, (), ""),
    ("Marina Bay", "bay", "SG", 1.2800, 103.8600, (), ""),
    ("Gardens by the Bay", "venue", "SG", 1.2816, 103.8636, (), ""),
    ("National Gallery Singapore", "venue", "SG", 1.2903, 103.8515, ("National Gallery",), ""),
    ("Istana", "venue", "SG", 1.3070, 103.8430, (), "institution"),
    ("Orchard Road", "venue", "SG", 1.3040, 103.8320, (), ""),
    ("Merlion Park", "venue", "SG", 1.2868, 103.8545, (), ""),
    # --- elsewhere
    ("White House", "venue", "US", 38.8977, -77.0365, (), "institution"),
    ("Eurasia", "region", "", 50.0, 80.0, (), "macro"),
)  # continents, seas and other world features: mapapp.gazetteer_world

# Other names of countries (ISO2 → names); GeoNames' own names are added automatically.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "KP": ("DPRK", "D.P.R.K.", "N. Korea", "N.Korea", "Democratic People's Republic of Korea",
           "Democratic Peoples Republic of Korea", "North Korea"),
    "KR": ("ROK", "R.O.K.", "S. Korea", "Republic of Korea", "South Korea"),
    "US": ("US", "U.S.", "USA", "U.S.A.", "United States of America", "America", "United States"),
    "RU": ("Russian Federation", "Rossiya"),
    "CN": ("PRC", "People's Republic of China", "Mainland China"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"),
    "VN": ("Viet Nam",),
    "SG": ("S'pore", "Republic of Singapore"),
    "AE": ("UAE", "U.A.E."),
    "MM": ("Burma",),
    "CD": ("DR Congo", "DRC", "Democratic Republic of the Congo", "Democratic Republic of Congo",
           "Congo-Kinshasa", "D.R. Congo"),
    "CG": ("Republic of Congo", "Republic of the Congo", "Congo-Brazzaville", "Congo"),
    "CI": ("Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"),
    "CV": ("Cape Verde", "Cabo Verde"),
    "MK": ("Macedonia", "North Macedonia", "FYROM"),
    "NL": ("Netherlands", "Holland"),
    "GM": ("Gambia",),
    "BS": ("Bahamas",),
    "PS": ("Palestine", "Palestinian Territories", "Occupied Palestinian Territories"),
    "VA": ("Vatican", "Vatican City", "Holy See"),
    "SZ": ("Swaziland", "Eswatini"),
    "TL": ("East Timor", "Timor-Leste"),
    "CZ": ("Czech Republic", "Czechia"),
    "TW": ("Republic of China",),
}
# Countries whose GeoNames name reads oddly in news text (dropped in favour of the aliases above).
COUNTRY_NAME_OVERRIDES: dict[str, str] = {"KP": "North Korea", "KR": "South Korea", "US": "United States",
                                          "GB": "United Kingdom", "MM": "Myanmar"}

# Representative points (lat, lon) of countries too large, too long or split by the antimeridian for
# the median of their towns to stand for them.
COUNTRY_POINTS: dict[str, tuple[float, float]] = {
    "RU": (61.5, 105.3), "CN": (35.9, 104.2), "US": (37.1, -95.7), "CA": (56.1, -106.3),
    "BR": (-14.2, -51.9), "AU": (-25.3, 133.8), "IN": (20.6, 79.0), "KZ": (48.0, 66.9),
    "AR": (-38.4, -63.6), "DZ": (28.0, 1.7), "CD": (-4.0, 21.8), "SA": (23.9, 45.1),
    "MX": (23.6, -102.6), "ID": (-0.8, 113.9), "SD": (12.9, 30.2), "LY": (26.3, 17.2),
    "IR": (32.4, 53.7), "MN": (46.9, 103.8), "PE": (-9.2, -75.0), "TD": (15.5, 18.7),
    "NE": (17.6, 8.1), "AO": (-11.2, 17.9), "ML": (17.6, -4.0), "ZA": (-30.6, 22.9),
    "CO": (4.6, -74.3), "ET": (9.1, 40.5), "BO": (-16.3, -63.6), "MR": (21.0, -10.9),
    "EG": (26.8, 30.8), "TZ": (-6.4, 34.9), "NG": (9.1, 8.7), "VE": (6.4, -66.6),
    "PK": (30.4, 69.3), "TR": (39.0, 35.2), "CL": (-35.7, -71.5), "UA": (48.4, 31.2),
    "JP": (36.2, 138.3), "KP": (40.3, 127.5), "KR": (35.9, 127.8), "VN": (14.1, 108.3),
    "SG": (1.35, 103.82), "GL": (71.7, -42.6), "FR": (46.2, 2.2), "NO": (60.5, 8.5),
    "SE": (60.1, 18.6), "FI": (61.9, 25.7), "PH": (12.9, 121.8), "MM": (21.9, 96.0),
    "TH": (15.9, 101.0), "AF": (33.9, 67.7), "NZ": (-40.9, 174.9), "FJ": (-17.7, 178.1),
    "KI": (1.9, -157.4), "GB": (55.4, -3.4), "IT": (41.9, 12.6), "DE": (51.2, 10.5),
    "ES": (40.5, -3.7), "PL": (51.9, 19.1), "BY": (53.7, 28.0), "IQ": (33.2, 43.7),
    "SY": (34.8, 39.0), "IL": (31.0, 34.9), "LA": (19.9, 102.5), "KH": (12.6, 105.0),
    "MY": (4.2, 102.0), "TW": (23.7, 121.0), "GE": (42.3, 43.4), "AZ": (40.1, 47.6),
}

# Names that contain a place name but are not places; matched like places and then dropped.
NOT_PLACES: tuple[str, ...] = (
    # people
    "Ho Chi Minh", "Kim Il Sung", "Kim Il-sung", "Kim Jong Il", "Kim Jong-il", "Kim Jong Un",
    "Kim Jong-un", "Kim Yo Jong", "Kim Yo-jong", "Moon Jae-in", "Moon Jae In", "Xi Jinping",
    # organisations, media, documents, forces
    "Workers' Party of Korea", "Workers Party of Korea", "Workers' Party", "Korean Workers' Party",
    "Korean Central News Agency", "Korean Central Television", "Voice of Korea", "Bank of Korea",
    "Pacific Fleet", "Northern Fleet", "Black Sea Fleet", "Baltic Fleet",
    "Panmunjom Declaration", "Singapore Declaration", "Pyongyang Declaration", "Vladivostok Declaration",
    "Singapore statement", "Singapore Joint Statement",
    "Washington Post", "New York Times", "Korea Herald", "Korea Times", "Moscow Times", "Japan Times",
    "Straits Times", "South China Morning Post", "China Daily", "Global Times", "Beijing Review",
    "Korea JoongAng Daily", "Yonhap", "Radio Free Asia", "Voice of America", "Sputnik",
    "Russia Today", "Russia-1", "Rossiya-1", "Rossiya 1", "Rossiya 24", "Rossiya-24",
    "Russian Railways", "Korean State Railway", "Aeroflot", "Air Koryo", "Singapore Airlines",
    "Russian Academy of Sciences", "Academy of Sciences", "Far Eastern Branch",
    "Eastern Economic Forum", "Korean People's Army", "Korean War", "Vietnam War",
    "United Nations", "Security Council", "European Union", "Moscow State University",
    "Trans-Siberian Railway", "Trans-Siberian", "Trans-Siberian railroad", "Baikal-Amur Mainline",
    "Military Demarcation Line", "Demarcation Line", "Northern Limit Line",
    "Korea Strait", "North Korean", "South Korean", "New Zealand dollar",
    "Far Eastern region", "State Duma", "Duma", "Xinhua", "Xinhua News Agency", "TASS", "Itar-Tass",
    "Interfax", "Kyodo", "Asia News Network", "KCNA", "Rodong Sinmun", "Reuters",
    "Agence France-Presse", "Agence France Presse", "West Nile",
)

# Adjectives that point to a country (a careful reader uses them as context, not as places).
DEMONYMS: dict[str, str] = {
    "russian": "RU", "russians": "RU", "soviet": "RU", "north korean": "KP", "north koreans": "KP",
    "south korean": "KR", "south koreans": "KR", "korean": "KP", "chinese": "CN", "vietnamese": "VN",
    "singaporean": "SG", "american": "US", "americans": "US", "japanese": "JP", "ukrainian": "UA",
    "mongolian": "MN", "kremlin": "RU",
    "canadian": "CA", "somali": "SO", "british": "GB", "french": "FR", "german": "DE", "italian": "IT",
    "spanish": "ES", "mexican": "MX", "indian": "IN", "pakistani": "PK", "iranian": "IR", "iraqi": "IQ",
    "syrian": "SY", "turkish": "TR", "egyptian": "EG", "israeli": "IL", "palestinian": "PS", "saudi": "SA",
    "afghan": "AF", "australian": "AU", "brazilian": "BR", "nigerian": "NG", "kenyan": "KE",
    "ethiopian": "ET", "indonesian": "ID", "thai": "TH", "filipino": "PH", "malaysian": "MY", "polish": "PL",
    "dutch": "NL", "swedish": "SE", "norwegian": "NO", "danish": "DK", "greek": "GR", "irish": "IE",
    "scottish": "GB", "welsh": "GB", "cuban": "CU", "venezuelan": "VE", "colombian": "CO", "argentine": "AR",
    "peruvian": "PE", "chilean": "CL", "sudanese": "SD", "ugandan": "UG", "congolese": "CD",
    "zimbabwean": "ZW", "south african": "ZA", "bangladeshi": "BD", "taiwanese": "TW", "haitian": "HT",
    "belarusian": "BY", "georgian": "GE", "kazakh": "KZ", "libyan": "LY", "lebanese": "LB",
    "jordanian": "JO", "yemeni": "YE", "nepalese": "NP", "sri lankan": "LK", "cambodian": "KH",
    "burmese": "MM", "laotian": "LA", "portuguese": "PT", "swiss": "CH", "austrian": "AT", "belgian": "BE",
    "romanian": "RO", "hungarian": "HU", "czech": "CZ", "serbian": "RS", "croatian": "HR", "finnish": "FI",
}
# Verbs of speech: a one-word name right before one is a person's ("Paterson said").
SPEECH_VERBS: frozenset[str] = frozenset("said says told tells added adds explained stated noted wrote warned "
                                         "announced argued insisted replied called".split())

# Words right after a place name that turn it into an organisation, document or time zone.
ORG_AFTER: frozenset[str] = frozenset(
    "declaration agreement accord accords treaty communique communiqué statement fleet agency times "
    "post herald daily news journal tribune telegraph gazette railway railways railroad mainline "
    "line party airlines airways air time club fc university institute academy council committee "
    "federation union league association society bank exchange stock corporation corp company co "
    "group holdings television tv radio broadcasting network channel review zone-line standard "
    "mail observer process format department hospital school police service star centers centres "
    "sanitation".split()
)
# Words right after a place name (in any case) that make it the name of a disease or a virus strain.
DISEASE_AFTER: frozenset[str] = frozenset("virus viruses flu influenza fever disease strain strains "
                                          "variant syndrome".split())
# Words before "of" that make "X of <place>" an organisation ("Workers' Party of Korea").
ORG_BEFORE_OF: frozenset[str] = frozenset(
    "party voice bank university academy institute ministry council league union association society "
    "church college school chamber federation command forces army navy corporation company group "
    "government embassy consulate radio museum".split()
)
# Titles before a name that make it a person ("President Lincoln", "Mr Kim").
PERSON_TITLES: frozenset[str] = frozenset(
    "president premier chairman chairwoman minister mr mrs ms miss dr prof professor general gen "
    "marshal comrade uncle governor secretary senator ambassador spokesman spokeswoman envoy king "
    "queen prince princess emperor sir lord lady saint pope leader mayor deputy chief captain "
    "colonel admiral lieutenant sergeant representative rep sen gov st".split()
)
# Tokens of people's names frequent in news of this region; a GeoNames town sharing them is dropped.
PERSON_TOKENS: frozenset[str] = frozenset(
    "kim jong un il sung yo jang choe ri pak ryu hyon hui moon jae yoon suk yeol lee xi "
    "jinping hu jintao wang putin vladimir sergei sergey shoigu lavrov peskov medvedev "
    "kozhemyako kozlov trump donald biden pompeo obama nguyen phu trong thuong chi "
    "minh abe shinzo kishida lukashenko zelensky kadyrov".split()
)
# Locative words that make an institution name a place ("talks at the Kremlin").
LOCATIVES: frozenset[str] = frozenset("at in inside outside into near within around visited visiting toured "
                                      "entered".split())
# Words between a locative and an institution name that keep it a place ("in the presidential").
LOCATIVE_FILLERS: frozenset[str] = frozenset("the presidential grand historic famous old main".split())
# "the region of X": X stands for its region; these nouns name a region after the place name.
REGION_NOUNS: tuple[str, ...] = ("region", "krai", "oblast", "province", "territory", "district", "state")

# Common English words (capitalised at a sentence start or in headlines) that are also the names of
# towns somewhere; a GeoNames town spelled like one is dropped unless the text is about its country.
COMMON_WORDS: frozenset[str] = frozenset("""
a about above across after again against age ago ahead aid aim air all alliance along also among an
and another any april arms army around art as asia at august autumn away back bad bank base battle be
bear because before begin behind being best better between beyond big bill bird black blue board
body border born both boy bridge bright brother brown but by call camp can cannot cape capital car
care carry case castle cause center central centre century chain chairman chance change chapter
charge chief church city clear close coal coast cold college come comfort commerce common comrade
concord congress content corner could council country court cross crown cup cut dale date day dead
deal dear december deep defence defense delta desert design despite did divide do dock does dollar
dome door double down dragon dream drive during each eagle early earth east eastern easy economy edge
eight either eleven else empire end energy english enterprise equality even evening ever every exeter
fair faith fall false family far farm fast father february fellow few field fifth fight final fine
fire first five flag flat flint florence flower fly for force forest fort fortune forward four fox
free freedom french friday friend friendship from front full future gap garden gate general gift
girl give glory go gold golden good grace grand great green ground grove guard half hall hammer
hand happy harbor harbour harmony have he head health heart heaven help her here hero high hill him
his history holiday holy home hope horn horse hospital host hot hotel house how however hull hunter
ice if in independence industry iron is island it its january job join joy july june just justice
keep key kind king kiss lake land large last late later laurel law lead leader league left liberty
life light like lily lincoln line lion little live local lodge long lord lost love low luck lucky
made main major make man many march mark market may mayor me meet mercy middle might mile military
mill mine minister mission mobile moment monday money month moon more morning most mother mount
mountain much must my nation national navy near new news next nice night nine no noble none north
northern not note nothing november now oak ocean october of off office oil old on once one only
open or orange order other our out over pace page palace paradise park part party pass past peace
pearl people period person phoenix pine plain plan plant plenty point police port post power
premier president press pride prime prince progress prospect protest providence queen race rain
range reading ready real record red republic rest rich ridge right ring rise river road rock rome
rose round royal rule run rush safe saint sale salt same sand saturday say school sea second see
seven she shield ship shore short side signal silver since six small snow so social some son soon
south southern spa speed spring square star start state station steel still stone story strong
such summer summit sun sunday sunrise sunset support sure surprise sweet table tal tell temple ten
than that the their them then there these they third this those three through thursday time to
today together top tower town trade train transport travel tree trinity troy true trust tuesday
two under union unity university up upon us valley van very victory view village vine visit
wall war warren water way we wednesday week welcome well west western what when where which while
white who why wide will win wind winter with within without woman wood word work world year yes
yet you young youth zone zero also just even ever federal media secretary advance harvest bell
""".split())
